package io.mlpm.notification;

import io.mlpm.notification.Deliveries.Due;
import io.mlpm.notification.Outbox.Pending;
import io.mlpm.notification.Webhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the outbox holds, on one node at a time (the {@code notifications} lease): each new
 * event becomes one delivery per e-mail address and per subscribed webhook, and each delivery is
 * attempted until it succeeds or has used {@code max-attempts}, waiting longer after each failure.
 * Delivery is at least once: a node that dies between sending and recording sends again.
 */
@Component
public class Dispatcher {

  static final String LEASE = "notifications";
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration LEASE_TIME = Duration.ofMinutes(1);
  private static final int BATCH = 100;
  private final NotificationSettings settings;
  private final Outbox outbox;
  private final Deliveries deliveries;
  private final Webhooks webhooks;
  private final WebhookSender sender;
  private final Directory directory;
  private final ObjectProvider<MailSender> mail;
  private final Lease lease;
  private final TransactionTemplate transaction;
  private final AtomicBoolean warnedNoMail = new AtomicBoolean();

  public Dispatcher(NotificationSettings settings, Outbox outbox, Deliveries deliveries, Webhooks webhooks,
      WebhookSender sender, Directory directory, ObjectProvider<MailSender> mail, Lease lease,
      PlatformTransactionManager transactions) {
    this.settings = settings;
    this.outbox = outbox;
    this.deliveries = deliveries;
    this.webhooks = webhooks;
    this.sender = sender;
    this.directory = directory;
    this.mail = mail;
    this.lease = lease;
    this.transaction = new TransactionTemplate(transactions);
  }

  @Scheduled(fixedDelayString = "${mlpm.notifications.poll-interval:PT5S}", initialDelayString = "PT5S")
  public void poll() {
    if (settings.enabled()) {
      try {
        dispatch();
      } catch (RuntimeException e) {
        LOG.warn("Notifications: this round stopped ({}); the next one picks up where it left off.", e.toString());
      }
    }
  }

  /** The delivery log keeps {@code mlpm.notifications.retention} (any node may trim it; deleting twice is harmless). */
  @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT10M")
  public void trim() {
    try {
      int deleted = deliveries.deleteEndedBefore(Instant.now().minus(settings.retention()));
      if (deleted > 0) {
        LOG.info("Notifications: {} deliveries older than {} deleted from the log.", deleted, settings.retention());
      }
    } catch (RuntimeException e) {
      LOG.warn("Notifications: the delivery log was not trimmed ({}).", e.toString());
    }
  }

  /** One round: new events fanned out, then the deliveries that are due attempted. @return attempts made */
  public int dispatch() {
    if (!lease.hold(LEASE, Instant.now(), LEASE_TIME)) {
      return 0; // another node sends
    }
    for (Pending p : outbox.pending(BATCH)) {
      transaction.executeWithoutResult(status -> fanOut(p));
    }
    int attempts = 0;
    for (Due d : deliveries.due(Instant.now(), BATCH)) {
      if (!lease.hold(LEASE, Instant.now(), LEASE_TIME)) {
        break;
      }
      attempt(d);
      attempts++;
    }
    return attempts;
  }

  private void fanOut(Pending p) {
    if (!outbox.markDispatched(p.id())) {
      return;
    }
    Notification n = p.notification();
    if (n == null) {
      // One unreadable event must not hold up the others: it is set aside, and said so.
      LOG.warn("Notification event {} cannot be read; it is not sent.", p.id());
      return;
    }
    Instant now = Instant.now();
    if (mail.getIfAvailable() != null) {
      for (String address : directory.addresses(n.groups(), n.users())) {
        deliveries.add(p.id(), Deliveries.MAIL, address, null, now);
      }
    } else if (!(n.groups().isEmpty() && n.users().isEmpty()) && warnedNoMail.compareAndSet(false, true)) {
      LOG.warn("Notifications are on but no SMTP server is configured (spring.mail.host): no e-mail is sent,"
          + " only webhooks.");
    }
    for (Webhook w : webhooks.active()) {
      if (w.wants(n.type(), n.projectKey())) {
        // The log names the subscription, not its URL, which may carry the receiver's token.
        deliveries.add(p.id(), Deliveries.WEBHOOK, "webhook " + w.id(), w.id(), now);
      }
    }
  }

  private void attempt(Due d) {
    Instant at = Instant.now();
    try {
      Pending event = outbox.get(d.eventId());
      if (event.notification() == null) {
        throw new UndeliverableException("the event cannot be read");
      }
      String result = Deliveries.MAIL.equals(d.channel()) ? sendMail(d.target(), event.notification())
          : sendWebhook(d, event);
      deliveries.sent(d.id(), at, result);
    } catch (UndeliverableException e) {
      deliveries.failed(d.id(), at, e.getMessage(), null);
    } catch (RuntimeException e) {
      boolean last = d.attempts() + 1 >= settings.maxAttempts();
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      deliveries.failed(d.id(), at, why, last ? null : at.plus(settings.backoff(d.attempts() + 1)));
      if (last) {
        LOG.warn("Notification {} to {} given up after {} attempts: {}", d.id(), d.target(), d.attempts() + 1, why);
      }
    }
  }

  private String sendMail(String address, Notification n) {
    MailSender sender = mail.getIfAvailable();
    if (sender == null) {
      throw new UndeliverableException("no SMTP server is configured (spring.mail.host)");
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(settings.from());
    message.setTo(address);
    message.setSubject("[MLPM] " + n.subject());
    message.setText(n.text() + (n.link() == null ? "" : "\n\n" + n.link()) + "\n\n-- \nMLPM Orchestrator."
        + " You get this because you are named in or are a member of a group of this project's step.");
    sender.send(message);
    return "sent";
  }

  private String sendWebhook(Due d, Pending event) {
    Webhook w = webhooks.anyById(d.webhookId()).orElseThrow(() -> new UndeliverableException("subscription deleted"));
    if (webhooks.deleted(w.id())) {
      throw new UndeliverableException("subscription deleted");
    }
    return sender.send(w, d.id(), event);
  }

  /** A delivery that no retry can help. */
  static final class UndeliverableException extends RuntimeException {
    UndeliverableException(String message) {
      super(message);
    }
  }
}
