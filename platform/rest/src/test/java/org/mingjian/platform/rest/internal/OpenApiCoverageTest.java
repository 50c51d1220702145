package org.mingjian.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /api/v1/openapi.json} describes exactly the operations the
 * resource classes implement, and marks exactly the paths {@link AuthFilter} lets through as
 * public.
 */
class OpenApiCoverageTest {
  private static final String PACKAGE = "org.mingjian.platform.rest.internal";
  private static final String BASE = "api/v1";
  private static final Set<String> VERBS =
      Set.of("get", "post", "put", "delete", "patch", "head", "options");
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(?::[^}]*)?}");

  private static JsonNode doc;

  /** "GET /clues/{id}" to the Java method implementing it. */
  private static Map<String, Method> implemented;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in = PlatformResource.class.getResourceAsStream("openapi.json")) {
      assertNotNull(in, "openapi.json is not on the class path next to PlatformResource");
      doc = new ObjectMapper().readTree(in);
    }
    implemented = implementedOperations();
  }

  @Test
  void resourceClassesAreFound() {
    // guards against a vacuous comparison if class discovery breaks
    assertTrue(implemented.size() >= 10, implemented.keySet().toString());
    assertEquals("/api/v1", doc.path("servers").path(0).path("url").asText());
  }

  @Test
  void everyImplementedOperationIsDocumentedAndViceVersa() {
    Set<String> documented = documentedOperations().keySet();
    Set<String> undocumented = new TreeSet<>(implemented.keySet());
    undocumented.removeAll(documented);
    Set<String> unimplemented = new TreeSet<>(documented);
    unimplemented.removeAll(implemented.keySet());

    assertTrue(undocumented.isEmpty(), "implemented but not in openapi.json: " + undocumented);
    assertTrue(unimplemented.isEmpty(), "in openapi.json but not implemented: " + unimplemented);
  }

  @Test
  void parametersMatchTheJavaSignatures() {
    Map<String, JsonNode> documented = documentedOperations();
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, Method> e : implemented.entrySet()) {
      JsonNode op = documented.get(e.getKey());
      if (op == null) {
        continue; // reported by the coverage test
      }
      Set<String> javaPath = new TreeSet<>();
      Set<String> javaQuery = new TreeSet<>();
      for (Parameter p : e.getValue().getParameters()) {
        if (p.isAnnotationPresent(PathParam.class)) {
          javaPath.add(p.getAnnotation(PathParam.class).value());
        }
        if (p.isAnnotationPresent(QueryParam.class)) {
          javaQuery.add(p.getAnnotation(QueryParam.class).value());
        }
      }
      Set<String> docPath = new TreeSet<>();
      Set<String> docQuery = new TreeSet<>();
      for (JsonNode p : op.path("parameters")) {
        if ("path".equals(p.path("in").asText())) {
          docPath.add(p.path("name").asText());
          if (!p.path("required").asBoolean()) {
            mismatches.add(e.getKey() + ": path parameter " + p.path("name") + " not required");
          }
        } else if ("query".equals(p.path("in").asText())) {
          docQuery.add(p.path("name").asText());
        }
      }
      Set<String> templated = new TreeSet<>();
      Matcher m = TEMPLATE.matcher(e.getKey());
      while (m.find()) {
        templated.add(m.group(1));
      }
      if (!javaPath.equals(docPath) || !templated.equals(docPath)) {
        mismatches.add(
            e.getKey()
                + ": path parameters java="
                + javaPath
                + " doc="
                + docPath
                + " url="
                + templated);
      }
      if (!javaQuery.equals(docQuery)) {
        mismatches.add(e.getKey() + ": query parameters java=" + javaQuery + " doc=" + docQuery);
      }
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  @Test
  void publicOperationsAreExactlyThoseTheAuthFilterLetsThrough() {
    JsonNode global = doc.path("security");
    assertTrue(global.isArray() && !global.isEmpty(), "operations need a token by default");
    for (JsonNode requirement : global) {
      for (Iterator<String> it = requirement.fieldNames(); it.hasNext(); ) {
        String scheme = it.next();
        assertFalse(
            doc.path("components").path("securitySchemes").path(scheme).isMissingNode(),
            "undefined security scheme " + scheme);
      }
    }

    Set<String> publicInDoc = new TreeSet<>();
    Set<String> protectedInDoc = new TreeSet<>();
    documentedOperations()
        .forEach(
            (op, node) -> {
              String path = BASE + op.substring(op.indexOf(' ') + 1);
              JsonNode security = node.get("security");
              if (security != null && security.isArray() && security.isEmpty()) {
                publicInDoc.add(path);
              } else {
                protectedInDoc.add(path);
              }
            });

    assertEquals(new TreeSet<>(AuthFilter.PUBLIC), publicInDoc);
    Set<String> mixed = new TreeSet<>(publicInDoc);
    mixed.retainAll(protectedInDoc);
    // the filter decides by path alone, so every method of a public path is public
    assertTrue(mixed.isEmpty(), "paths with both public and protected operations: " + mixed);
  }

  // ---------------------------------------------------------------- discovery

  private static Map<String, JsonNode> documentedOperations() {
    Map<String, JsonNode> ops = new TreeMap<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (VERBS.contains(op.getKey())) {
                            ops.put(
                                op.getKey().toUpperCase(Locale.ROOT)
                                    + " "
                                    + normalize(path.getKey()),
                                op.getValue());
                          }
                        }));
    return ops;
  }

  private static Map<String, Method> implementedOperations() throws Exception {
    Map<String, Method> ops = new TreeMap<>();
    for (Class<?> type : resourceClasses()) {
      String classPath = type.getAnnotation(javax.ws.rs.Path.class).value();
      for (Method method : type.getMethods()) {
        String verb = httpMethod(method);
        if (verb == null) {
          continue;
        }
        javax.ws.rs.Path methodPath = method.getAnnotation(javax.ws.rs.Path.class);
        String full = join(classPath, methodPath == null ? "" : methodPath.value());
        assertTrue(
            full.equals(BASE) || full.startsWith(BASE + "/"),
            type.getSimpleName() + "." + method.getName() + " is outside /api/v1: " + full);
        String relative = full.substring(BASE.length());
        Method previous = ops.put(verb + " " + normalize(relative), method);
        assertEquals(null, previous, "two methods for " + verb + " " + relative);
      }
    }
    return ops;
  }

  private static List<Class<?>> resourceClasses() throws Exception {
    Path root =
        Path.of(AuthFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve(PACKAGE.replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".class") || file.contains("$") || file.equals("package-info.class")) {
          continue;
        }
        String name = PACKAGE + "." + file.substring(0, file.length() - ".class".length());
        Class<?> type = Class.forName(name, false, AuthFilter.class.getClassLoader());
        if (type.isAnnotationPresent(javax.ws.rs.Path.class)) {
          out.add(type);
        }
      }
    }
    return out;
  }

  private static String httpMethod(Method method) {
    for (Annotation a : method.getAnnotations()) {
      HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value().toUpperCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static String join(String a, String b) {
    String left = strip(a);
    String right = strip(b);
    return right.isEmpty() ? left : left + "/" + right;
  }

  private static String strip(String s) {
    String out = s;
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  /** {@code /runs/{ id : [0-9]+ }/} becomes {@code /runs/{id}}. */
  private static String normalize(String path) {
    String p = TEMPLATE.matcher(path).replaceAll("{$1}");
    p = "/" + strip(p);
    return p.equals("/") ? "" : p;
  }
}
