package io.mlpm.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the container forwards to {@code /error} (a status a filter or servlet set without a
 * body) in the API's JSON shape, instead of Boot's page; {@code /error} asked for directly is 404.
 */
@RestController
public class JsonErrorController implements ErrorController {

  @RequestMapping("/error")
  public ResponseEntity<ApiError> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
    if (status == null || status.value() < 400) {
      return ApiExceptionHandler.error(request, HttpStatus.NOT_FOUND, "NotFound", "No such endpoint: /error.");
    }
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String message = status.is5xxServerError()
        ? "An unexpected error occurred; it has been logged for the operators."
        : status.getReasonPhrase() + (uri == null ? "." : ": " + uri + ".");
    return ApiExceptionHandler.error(request, status, status.getReasonPhrase().replace(" ", ""), message);
  }
}
