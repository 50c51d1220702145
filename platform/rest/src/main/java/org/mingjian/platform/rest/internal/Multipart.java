package org.mingjian.platform.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.core.MediaType;
import org.apache.commons.fileupload2.core.MultipartInput;

/** Reads a small {@code multipart/form-data} body into its named parts (commons-fileupload). */
final class Multipart {
  private static final Pattern NAME =
      Pattern.compile("(?i)content-disposition:[^\\r\\n]*?\\bname=\"([^\"]*)\"");

  private Multipart() {}

  /**
   * @param type the request's media type, with its boundary
   * @param body the body
   * @param maxBytes the most bytes all parts may hold together
   * @return part name to content
   * @throws ApiException 400 when malformed, 413 when too large
   */
  static Map<String, byte[]> parts(MediaType type, InputStream body, long maxBytes) {
    String boundary = type.getParameters().get("boundary");
    if (boundary == null || boundary.isBlank()) {
      throw ApiException.badRequest("multipart body without a boundary");
    }
    Map<String, byte[]> parts = new LinkedHashMap<>();
    long total = 0;
    try {
      MultipartInput in =
          MultipartInput.builder()
              .setInputStream(body)
              .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
              .get();
      boolean next = in.skipPreamble();
      while (next) {
        String headers = in.readHeaders();
        Matcher m = NAME.matcher(headers);
        String name = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.readBodyData(out);
        total += out.size();
        if (total > maxBytes) {
          throw new ApiException(
              413, "too_large", "the parts are larger than " + maxBytes + " bytes", Map.of());
        }
        if (name != null) {
          if (parts.containsKey(name)) {
            throw ApiException.badRequest("part '" + name + "' appears twice");
          }
          parts.put(name, out.toByteArray());
        }
        next = in.readBoundary();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException a) {
        throw a;
      }
      throw ApiException.badRequest("the multipart body cannot be read: " + e.getMessage());
    }
    return parts;
  }
}
