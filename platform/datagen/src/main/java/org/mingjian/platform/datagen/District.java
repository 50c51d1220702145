package org.mingjian.platform.datagen;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One of Beijing's 16 districts.
 *
 * @param code the 6-digit administrative division code (GB/T 2260), e.g. {@code 110105}
 * @param name the Chinese name, e.g. {@code 朝阳区}
 */
public record District(String code, String name) {

  /** All 16 districts of Beijing, in code order. */
  public static final List<District> ALL =
      List.of(
          new District("110101", "东城区"),
          new District("110102", "西城区"),
          new District("110105", "朝阳区"),
          new District("110106", "丰台区"),
          new District("110107", "石景山区"),
          new District("110108", "海淀区"),
          new District("110109", "门头沟区"),
          new District("110111", "房山区"),
          new District("110112", "通州区"),
          new District("110113", "顺义区"),
          new District("110114", "昌平区"),
          new District("110115", "大兴区"),
          new District("110116", "怀柔区"),
          new District("110117", "平谷区"),
          new District("110118", "密云区"),
          new District("110119", "延庆区"));

  /** Checks both fields are present. */
  public District {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
  }

  /**
   * @param code a 6-digit district code
   * @return the district with that code, empty if it is not one of the 16
   */
  public static Optional<District> byCode(String code) {
    for (District d : ALL) {
      if (d.code.equals(code)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * @return the basic-level people's court of this district, e.g. {@code 北京市朝阳区人民法院}
   */
  public String courtName() {
    return "北京市" + name + "人民法院";
  }

  /**
   * @return the last four digits of the code, as used in case numbers ({@code 京0105})
   */
  public String courtSuffix() {
    return code.substring(2);
  }
}
