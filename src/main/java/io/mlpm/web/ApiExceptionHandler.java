package io.mlpm.web;

import io.mlpm.training.InvalidFeatureException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns failures of the domain API into clear JSON errors; users never see a stack trace. A 4xx
 * is the caller's mistake: one line at INFO. Only a 5xx is logged with its stack trace.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);
  /** The exposed actuator endpoints' paths ({@code management.endpoints.web.exposure.include}). */
  private final java.util.Set<String> actuatorPaths;

  public ApiExceptionHandler(
      @org.springframework.beans.factory.annotation.Value("${management.endpoints.web.exposure.include:}")
      String exposed) {
    this.actuatorPaths = java.util.Arrays.stream(exposed.split(",")).map(String::strip).filter(id -> !id.isEmpty())
        .map(id -> "/actuator/" + id).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ApiError> notFound(NotFoundException e, HttpServletRequest request) {
    return error(request, HttpStatus.NOT_FOUND, "NotFound", e.getMessage());
  }

  @ExceptionHandler(GoneException.class)
  ResponseEntity<ApiError> gone(GoneException e, HttpServletRequest request) {
    return error(request, HttpStatus.GONE, "Gone", e.getMessage());
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ApiError> forbidden(ForbiddenException e, HttpServletRequest request) {
    return error(request, HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ApiError> conflict(ConflictException e, HttpServletRequest request) {
    return error(request, HttpStatus.CONFLICT, "Conflict", e.getMessage());
  }

  @ExceptionHandler({BadRequestException.class, InvalidFeatureException.class})
  ResponseEntity<ApiError> badRequest(RuntimeException e, HttpServletRequest request) {
    return error(request, HttpStatus.BAD_REQUEST, "BadRequest", e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
    return error(request, HttpStatus.BAD_REQUEST, "BadRequest", "The request body is missing or is not valid JSON.");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    String expected = e.getRequiredType() == null ? "another type" : switch (e.getRequiredType().getSimpleName()) {
      case "long", "Long", "int", "Integer" -> "a whole number";
      case "double", "Double" -> "a number";
      default -> "a " + e.getRequiredType().getSimpleName();
    };
    return error(request, HttpStatus.BAD_REQUEST, "BadRequest", "'" + e.getName() + "' must be " + expected + "; '"
        + abbreviate(String.valueOf(e.getValue())) + "' is not.");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
    return error(request, HttpStatus.BAD_REQUEST, "BadRequest", "The query parameter '" + e.getParameterName()
        + "' is required here.");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
    return error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "Send the body as application/json.");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
    return error(request, HttpStatus.NOT_ACCEPTABLE, "NotAcceptable", "This resource cannot be sent as "
        + abbreviate(String.valueOf(request.getHeader("Accept"))) + "; it is available as "
        + e.getSupportedMediaTypes() + ".");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    return error(request, HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed", e.getMessage());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ApiError> noResource(NoResourceFoundException e, HttpServletRequest request) {
    // An actuator endpoint asked for in a format it has not: its mapping steps aside, so it looks absent.
    if (actuatorPaths.contains(request.getRequestURI())) {
      return error(request, HttpStatus.NOT_ACCEPTABLE, "NotAcceptable", request.getRequestURI() + " cannot be sent as "
          + abbreviate(String.valueOf(request.getHeader("Accept"))) + "; ask for text/plain (or send no Accept).");
    }
    return error(request, HttpStatus.NOT_FOUND, "NotFound", "No such endpoint: /" + e.getResourcePath());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request) {
    LOG.error("Unexpected error in the API: {} {}", request.getMethod(), request.getRequestURI(), e);
    return error(request, HttpStatus.INTERNAL_SERVER_ERROR, "InternalError",
        "An unexpected error occurred; it has been logged for the operators.");
  }

  /**
   * Always JSON, whatever the request accepted (a PNG route's 404 too): the content type is set,
   * so no negotiation can turn the error into a second one.
   */
  static ResponseEntity<ApiError> error(HttpServletRequest request, HttpStatus status, String type, String message) {
    if (status.is4xxClientError()) {
      LOG.info("{} {} {}: {}", status.value(), request.getMethod(), request.getRequestURI(), message);
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(type, message));
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
