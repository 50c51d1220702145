package org.mingjian.sdk.validator.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.mingjian.sdk.validator.Limits;

/**
 * Reads a jar defensively, without trusting any size written in its headers: the central directory
 * and every local header are parsed by hand, each entry is inflated with a counting {@link
 * Inflater}, and the entry list a streaming reader sees must be the same as the central
 * directory's. Every problem is a {@link ZipProblem} with a sentence for a technician.
 */
public final class ZipArchive {
  private static final int LOCAL = 0x04034b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  /** Entries smaller than this are never judged by their compression ratio. */
  private static final long RATIO_FLOOR = 64 * 1024;

  private final Map<String, byte[]> entries;

  private ZipArchive(Map<String, byte[]> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /** An archive that must be refused. */
  public static final class ZipProblem extends Exception {
    private static final long serialVersionUID = 1L;

    ZipProblem(String message) {
      super(message);
    }
  }

  /**
   * @return entry name to inflated content, in central-directory order (directories included)
   */
  public Map<String, byte[]> entries() {
    return entries;
  }

  /**
   * @param jar the jar bytes
   * @param limits size limits
   * @return the archive
   * @throws ZipProblem if the archive is unsafe or unreadable
   */
  public static ZipArchive read(byte[] jar, Limits limits) throws ZipProblem {
    if (jar == null || jar.length == 0) {
      throw new ZipProblem("the file is empty (0 bytes)");
    }
    if (jar.length > limits.maxJarBytes()) {
      throw new ZipProblem(
          "the jar is " + jar.length + " bytes; the limit is " + limits.maxJarBytes() + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(jar).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    if (jar.length < 22 || (buf.getInt(0) != LOCAL && buf.getInt(0) != END)) {
      throw new ZipProblem("not a zip/jar file (it does not start with a zip header)");
    }
    int end = findEnd(buf);
    if (end < 0) {
      throw new ZipProblem("not a zip/jar file (no end of central directory record)");
    }
    int total = u16(buf, end + 10);
    long cdSize = u32(buf, end + 12);
    long cdOffset = u32(buf, end + 16);
    if (u16(buf, end + 4) != 0 || u16(buf, end + 6) != 0 || u16(buf, end + 8) != total) {
      throw new ZipProblem("multi-part (spanned) archives are not accepted");
    }
    if (total == 0xFFFF || cdOffset == 0xFFFFFFFFL || cdSize == 0xFFFFFFFFL) {
      throw new ZipProblem("ZIP64 archives are not accepted (no model bundle needs one)");
    }
    if (total == 0) {
      throw new ZipProblem("the archive has no entries");
    }
    if (total > limits.maxEntries()) {
      throw new ZipProblem(
          "the jar has " + total + " entries; the limit is " + limits.maxEntries());
    }
    if (cdOffset + cdSize > end) {
      throw new ZipProblem("the central directory lies outside the file (corrupt archive)");
    }

    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, byte[]> contents = new LinkedHashMap<>();
    long inflatedTotal = 0;
    int pos = (int) cdOffset;
    for (int i = 0; i < total; i++) {
      if (pos + 46 > end || buf.getInt(pos) != CENTRAL) {
        throw new ZipProblem("the central directory is corrupt at entry " + (i + 1));
      }
      int flags = u16(buf, pos + 8);
      int method = u16(buf, pos + 10);
      long crc = u32(buf, pos + 16);
      long csize = u32(buf, pos + 20);
      long usize = u32(buf, pos + 24);
      int nlen = u16(buf, pos + 28);
      int xlen = u16(buf, pos + 30);
      int clen = u16(buf, pos + 32);
      long localOffset = u32(buf, pos + 42);
      if (pos + 46L + nlen + xlen + clen > end) {
        throw new ZipProblem("the central directory is corrupt at entry " + (i + 1));
      }
      String name = name(jar, pos + 46, nlen, i + 1);
      pos += 46 + nlen + xlen + clen;

      checkName(name);
      if (!seen.add(name)) {
        throw new ZipProblem(
            "entry '"
                + name
                + "' appears twice; a duplicate entry can hide content from some readers");
      }
      names.add(name);
      if ((flags & 1) != 0) {
        throw new ZipProblem("entry '" + name + "' is encrypted");
      }
      if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
        throw new ZipProblem(
            "entry '" + name + "' uses compression method " + method + "; only stored/deflated");
      }

      // local header
      if (localOffset + 30 > cdOffset || buf.getInt((int) localOffset) != LOCAL) {
        throw new ZipProblem("entry '" + name + "': its local header is missing (corrupt archive)");
      }
      int lo = (int) localOffset;
      int lmethod = u16(buf, lo + 8);
      int lnlen = u16(buf, lo + 26);
      int lxlen = u16(buf, lo + 28);
      if (lo + 30L + lnlen + lxlen > cdOffset) {
        throw new ZipProblem("entry '" + name + "': its local header is corrupt");
      }
      String lname = name(jar, lo + 30, lnlen, i + 1);
      if (!lname.equals(name) || lmethod != method) {
        throw new ZipProblem(
            "entry '"
                + name
                + "': the local header names '"
                + lname
                + "' (the central directory and the entry disagree)");
      }
      int dataStart = lo + 30 + lnlen + lxlen;
      long room = cdOffset - dataStart;
      long remaining = limits.maxUncompressedBytes() - inflatedTotal;
      byte[] data =
          method == ZipEntry.STORED
              ? stored(jar, name, dataStart, csize, room, remaining, limits)
              : inflate(jar, name, dataStart, csize, room, remaining, limits);
      inflatedTotal += data.length;
      if (data.length != usize) {
        throw new ZipProblem(
            "entry '"
                + name
                + "': the header says "
                + usize
                + " bytes but it holds "
                + data.length
                + " (headers lie about sizes)");
      }
      CRC32 c = new CRC32();
      c.update(data);
      if (c.getValue() != crc) {
        throw new ZipProblem("entry '" + name + "' is corrupt (CRC mismatch)");
      }
      if (name.endsWith("/") && data.length > 0) {
        throw new ZipProblem("directory entry '" + name + "' has content");
      }
      contents.put(name, data);
    }
    if (pos != cdOffset + cdSize) {
      throw new ZipProblem("the central directory size does not match its entries (corrupt)");
    }
    streamingNamesMatch(jar, names, limits);
    return new ZipArchive(contents);
  }

  private static byte[] stored(
      byte[] jar, String name, int start, long size, long room, long remaining, Limits limits)
      throws ZipProblem {
    if (size > room) {
      throw new ZipProblem("entry '" + name + "' runs past the end of the entry data (corrupt)");
    }
    if (size > remaining) {
      throw totalTooLarge(name, limits);
    }
    byte[] data = new byte[(int) size];
    System.arraycopy(jar, start, data, 0, (int) size);
    return data;
  }

  private static byte[] inflate(
      byte[] jar, String name, int start, long csize, long room, long remaining, Limits limits)
      throws ZipProblem {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(jar, start, (int) room);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[16 * 1024];
      long written = 0;
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new ZipProblem("entry '" + name + "' is truncated or corrupt");
        }
        written += n;
        if (written > remaining) {
          throw totalTooLarge(name, limits);
        }
        long read = Math.max(1, inflater.getBytesRead());
        if (written > RATIO_FLOOR && written / read > limits.maxCompressionRatio()) {
          throw new ZipProblem(
              "entry '"
                  + name
                  + "' inflates more than "
                  + limits.maxCompressionRatio()
                  + " times its compressed size (zip bomb)");
        }
        out.write(chunk, 0, n);
      }
      if (inflater.getBytesRead() != csize) {
        throw new ZipProblem(
            "entry '"
                + name
                + "': the header says "
                + csize
                + " compressed bytes but the data has "
                + inflater.getBytesRead()
                + " (headers lie about sizes)");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new ZipProblem("entry '" + name + "' is corrupt: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static ZipProblem totalTooLarge(String name, Limits limits) {
    return new ZipProblem(
        "the entries inflate to more than "
            + limits.maxUncompressedBytes()
            + " bytes (limit reached at '"
            + name
            + "'; zip bomb)");
  }

  /** A streaming reader (as jar verification uses) must see exactly the same entries. */
  private static void streamingNamesMatch(byte[] jar, List<String> central, Limits limits)
      throws ZipProblem {
    List<String> local = new ArrayList<>();
    long total = 0;
    byte[] skip = new byte[16 * 1024];
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        local.add(e.getName());
        if (local.size() > central.size()) {
          break;
        }
        int n;
        while ((n = in.read(skip)) > 0) {
          total += n;
          if (total > limits.maxUncompressedBytes()) {
            throw totalTooLarge(e.getName(), limits);
          }
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      throw new ZipProblem("the jar cannot be read entry by entry: " + e.getMessage());
    } catch (IOException e) {
      throw new ZipProblem("the jar cannot be read: " + e.getMessage());
    }
    List<String> a = new ArrayList<>(central);
    List<String> b = new ArrayList<>(local);
    Collections.sort(a);
    Collections.sort(b);
    if (!a.equals(b)) {
      List<String> hidden = new ArrayList<>(b);
      hidden.removeAll(central);
      throw new ZipProblem(
          "the local entries differ from the central directory"
              + (hidden.isEmpty() ? "" : " (entries not in the directory: " + hidden + ")")
              + "; different readers would see different content");
    }
  }

  private static void checkName(String name) throws ZipProblem {
    if (name.isEmpty()) {
      throw new ZipProblem("an entry has an empty name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20) {
        throw new ZipProblem(
            "entry name '" + name.replaceAll("\\p{Cntrl}", "?") + "' has control characters");
      }
    }
    if (name.indexOf('\\') >= 0) {
      throw new ZipProblem("entry '" + name + "' contains a backslash; use '/' in entry names");
    }
    if (name.startsWith("/") || DRIVE.matcher(name).matches()) {
      throw new ZipProblem("entry '" + name + "' is an absolute path");
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw new ZipProblem("entry '" + name + "' contains a '..' segment (path traversal)");
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jar") || lower.endsWith(".zip")) {
      throw new ZipProblem(
          "entry '" + name + "' is a nested archive; a model bundle must not embed jars");
    }
  }

  private static String name(byte[] jar, int off, int len, int index) throws ZipProblem {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(jar, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ZipProblem("the name of entry " + index + " is not valid UTF-8");
    }
  }

  private static int findEnd(ByteBuffer buf) {
    int limit = Math.max(0, buf.capacity() - 22 - 0xFFFF);
    for (int i = buf.capacity() - 22; i >= limit; i--) {
      if (buf.getInt(i) == END && i + 22 + u16(buf, i + 20) == buf.capacity()) {
        return i;
      }
    }
    return -1;
  }

  private static int u16(ByteBuffer b, int at) {
    return b.getShort(at) & 0xFFFF;
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & 0xFFFFFFFFL;
  }
}
