package io.mlpm.notification;

import java.util.Collection;
import java.util.Set;

/** Where people's e-mail addresses come from (implemented on the engine's identity service). */
public interface Directory {

  /** The addresses of these users and of the members of these groups, each once; users without one are left out. */
  Set<String> addresses(Collection<String> groups, Collection<String> users);
}
