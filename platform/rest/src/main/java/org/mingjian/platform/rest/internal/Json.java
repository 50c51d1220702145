package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Reads request bodies and writes answers with one strict mapper, so every error is ours. */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private Json() {}

  /**
   * @param body the raw request body
   * @return its JSON object
   * @throws ApiException 400 when the body is missing, not UTF-8, not JSON, or not an object
   */
  static JsonNode object(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("a JSON object body is required");
    }
    try {
      String text =
          java.nio.charset.StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(body))
              .toString();
      return object(text);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw ApiException.badRequest("the body is not valid UTF-8");
    }
  }

  /**
   * @param body the request body
   * @return its JSON object
   * @throws ApiException 400 when the body is missing, not JSON, or not an object
   */
  static JsonNode object(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("a JSON object body is required");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    return node;
  }

  /**
   * @param node an object
   * @param field a field
   * @return its text, or {@code null} when absent
   * @throws ApiException 400 when present but not text
   */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    return v.asText();
  }

  /**
   * @param node an object
   * @param field a field holding an object
   * @return its members as plain Java values, empty when absent
   * @throws ApiException 400 when present but not an object
   */
  static Map<String, Object> map(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("'" + field + "' must be an object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    v.fields()
        .forEachRemaining(
            e -> out.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class)));
    return out;
  }

  static Response ok(Object entity) {
    return status(200, entity);
  }

  static Response status(int status, Object entity) {
    try {
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
          .entity(MAPPER.writeValueAsString(entity))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write answer", e);
    }
  }

  static Response error(int status, String code, String message, Map<String, ?> details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    body.put("details", details == null ? Map.of() : details);
    return status(status, body);
  }
}
