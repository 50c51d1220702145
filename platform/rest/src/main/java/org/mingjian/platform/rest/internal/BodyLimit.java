package org.mingjian.platform.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.ext.ReaderInterceptor;
import javax.ws.rs.ext.ReaderInterceptorContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Refuses request bodies above the limit with 413, whether the client announced the length or
 * streams a chunked body, before anything reads them whole. CSV uploads ({@code text/csv} read as a
 * stream, i.e. dataset ingestions, which are spooled to disk) have their own, larger limit.
 */
@Component(service = ReaderInterceptor.class, configurationPid = "org.mingjian.http")
@Designate(ocd = BodyLimit.Config.class)
@JaxrsExtension
@JaxrsName("mingjian.bodylimit")
public final class BodyLimit implements ReaderInterceptor {

  /** HTTP limits. */
  @ObjectClassDefinition(name = "Mingjian HTTP limits")
  public @interface Config {
    /**
     * @return the largest JSON body accepted
     */
    @AttributeDefinition(description = "Largest request body in bytes")
    long maxBodyBytes() default 1_048_576;

    /**
     * @return the largest CSV upload accepted
     */
    @AttributeDefinition(description = "Largest text/csv upload (dataset ingestion) in bytes")
    long maxUploadBytes() default 536_870_912;
  }

  private final long maxBody;
  private final long maxUpload;

  @Activate
  public BodyLimit(Config config) {
    this.maxBody = config.maxBodyBytes();
    this.maxUpload = config.maxUploadBytes();
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    MediaType type = context.getMediaType();
    boolean stream = type != null && InputStream.class.equals(context.getType());
    boolean csv =
        stream
            && type.getType().equalsIgnoreCase("text")
            && type.getSubtype().equalsIgnoreCase("csv");
    // model bundles and transfer packages: the marketplace applies its own, smaller limit
    boolean artifact = stream && !csv && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
    long max = csv ? maxUpload : artifact ? Math.min(maxUpload, 64L << 20) : maxBody;
    String length = context.getHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > max) {
          throw tooLarge(max);
        }
      } catch (NumberFormatException e) {
        throw new WebApplicationException("invalid Content-Length", 400);
      }
    }
    context.setInputStream(new Limited(context.getInputStream(), max));
    return context.proceed();
  }

  private static WebApplicationException tooLarge(long max) {
    return new WebApplicationException("the request body is larger than " + max + " bytes", 413);
  }

  private static final class Limited extends FilterInputStream {
    private final long max;
    private long left;

    Limited(InputStream in, long max) {
      super(in);
      this.max = max;
      this.left = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && --left < 0) {
        throw tooLarge(max);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        left -= n;
        if (left < 0) {
          throw tooLarge(max);
        }
      }
      return n;
    }
  }
}
