package io.mlpm.web;

/** The error body of every 4xx/5xx of the API, shaped like the engine REST API's errors. */
public record ApiError(String type, String message) {}
