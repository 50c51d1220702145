package org.mingjian.sdk.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type that ties a {@link Model} service to its descriptor: it becomes the
 * service property {@value #PROPERTY}.
 *
 * <pre>{@code
 * @Component(service = Model.class)
 * @ModelId("pension-in-custody")
 * public class PensionInCustody implements Model { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ModelId {
  /** Prefix turning {@code ModelId} into the property name {@value #PROPERTY}. */
  String PREFIX_ = "mingjian.";

  /** The service property naming the model a {@link Model} service implements. */
  String PROPERTY = "mingjian.model.id";

  /**
   * @return the model id, as in the descriptor
   */
  String value();
}
