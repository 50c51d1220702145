package org.mingjian.sdk.validator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds jars byte by byte, so tests can also build the malformed ones a {@code ZipOutputStream}
 * refuses to write (duplicate entries, lying headers).
 */
public final class JarBuilder {
  private record Entry(String name, byte[] data, boolean deflate, long claimedSize) {}

  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean withManifest = true;
  private final List<Entry> entries = new ArrayList<>();

  /** A bundle with a complete manifest, but no descriptor yet. */
  public static JarBuilder bundle() {
    JarBuilder b = new JarBuilder();
    b.header("Bundle-ManifestVersion", "2");
    b.header("Bundle-SymbolicName", "org.example.model");
    b.header("Bundle-Version", "1.0.0.SNAPSHOT");
    b.header("Mingjian-Model", "META-INF/mingjian/model.json");
    return b;
  }

  /** Sets a main manifest header; {@code null} removes it. */
  public JarBuilder header(String name, String value) {
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, value);
    }
    return this;
  }

  public JarBuilder noManifest() {
    withManifest = false;
    return this;
  }

  public JarBuilder entry(String name, String text) {
    return entry(name, text.getBytes(StandardCharsets.UTF_8));
  }

  public JarBuilder entry(String name, byte[] data) {
    entries.add(new Entry(name, data, true, -1));
    return this;
  }

  public JarBuilder stored(String name, byte[] data) {
    entries.add(new Entry(name, data, false, -1));
    return this;
  }

  /** A deflated entry whose headers claim {@code claimed} inflated bytes. */
  public JarBuilder lying(String name, byte[] data, long claimed) {
    entries.add(new Entry(name, data, true, claimed));
    return this;
  }

  public byte[] build() {
    List<Entry> all = new ArrayList<>();
    if (withManifest) {
      all.add(new Entry("META-INF/", new byte[0], false, -1));
      all.add(new Entry("META-INF/MANIFEST.MF", manifest(), true, -1));
    }
    all.addAll(entries);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream central = new ByteArrayOutputStream();
    for (Entry e : all) {
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      byte[] body = e.deflate() ? deflate(e.data()) : e.data();
      CRC32 crc = new CRC32();
      crc.update(e.data());
      long size = e.claimedSize() >= 0 ? e.claimedSize() : e.data().length;
      int method = e.deflate() ? 8 : 0;
      int offset = out.size();
      ByteBuffer local = le(30 + name.length);
      local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800);
      local.putShort((short) method).putShort((short) 0).putShort((short) 0x21);
      local.putInt((int) crc.getValue()).putInt(body.length).putInt((int) size);
      local.putShort((short) name.length).putShort((short) 0).put(name);
      out.writeBytes(local.array());
      out.writeBytes(body);
      ByteBuffer c = le(46 + name.length);
      c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x0800);
      c.putShort((short) method).putShort((short) 0).putShort((short) 0x21);
      c.putInt((int) crc.getValue()).putInt(body.length).putInt((int) size);
      c.putShort((short) name.length).putShort((short) 0).putShort((short) 0);
      c.putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(name);
      central.writeBytes(c.array());
    }
    int cdOffset = out.size();
    out.writeBytes(central.toByteArray());
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) all.size()).putShort((short) all.size());
    end.putInt(central.size()).putInt(cdOffset).putShort((short) 0);
    out.writeBytes(end.array());
    return out.toByteArray();
  }

  private byte[] manifest() {
    Manifest m = new Manifest();
    Attributes a = m.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    headers.forEach((k, v) -> a.put(new Attributes.Name(k), v));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      m.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
