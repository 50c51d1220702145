package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Chinese personal names as packed ints: surname index (bits 0-7), first given character + 1 (bits
 * 8-16), second given character + 1 or 0 (bits 17-25). Never negative, so -1 can mean "no name".
 */
final class Names {

  /** The 20 most common surnames come first; half the draws use only those. */
  private static final String SURNAME_TEXT =
      "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
          + "郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
          + "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆";

  private static final String GIVEN_TEXT =
      "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬燕彬斌宇浩凯鹏飞辉建国文博欣怡子涵梓萱雨轩思远晨晓东海波宁亮成俊峰志新云琳颖婷雪梅兵春林鑫佳嘉琪瑶慧倩璐悦欢蕾薇莉丹冰爽琦晶妍茜露瑞凡航旭阳帆昊然睿泽铭宸一诺天佑安乐可馨逸墨梦语彤恒毅诚德永庆福贵荣祥生勤卫民金宝山忠良振长发武立正秋菊凤翠淑珍莲琴素月娇鸿泓靖钧哲晟骏皓翔健锋鹤松柏";

  private static final int COMMON_SURNAMES = 20;

  private static final String[] SURNAMES = split(SURNAME_TEXT);
  private static final String[] GIVEN = split(GIVEN_TEXT);
  private static final byte[][] SURNAME_BYTES = utf8(SURNAMES);
  private static final byte[][] GIVEN_BYTES = utf8(GIVEN);

  private Names() {}

  private static String[] split(String text) {
    Set<String> chars = new LinkedHashSet<>();
    text.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
    return chars.toArray(new String[0]);
  }

  private static byte[][] utf8(String[] s) {
    byte[][] b = new byte[s.length][];
    for (int i = 0; i < s.length; i++) {
      b[i] = s[i].getBytes(StandardCharsets.UTF_8);
    }
    return b;
  }

  static int surnameCount() {
    return SURNAMES.length;
  }

  static int givenCount() {
    return GIVEN.length;
  }

  /**
   * @param r the generator
   * @return a random name: common surnames more likely, one given character in a fifth of names
   */
  static int random(Rng r) {
    int s = r.nextBoolean() ? r.nextInt(COMMON_SURNAMES) : r.nextInt(SURNAMES.length);
    int g1 = r.nextInt(GIVEN.length) + 1;
    int g2 = r.percent(20) ? 0 : r.nextInt(GIVEN.length) + 1;
    return s | g1 << 8 | g2 << 17;
  }

  /** Appends the name's UTF-8 bytes to the current cell (names never need quoting). */
  static void append(CsvWriter w, int code) throws IOException {
    w.append(SURNAME_BYTES[code & 0xFF]);
    w.append(GIVEN_BYTES[(code >>> 8 & 0x1FF) - 1]);
    int g2 = code >>> 17 & 0x1FF;
    if (g2 != 0) {
      w.append(GIVEN_BYTES[g2 - 1]);
    }
  }

  static String toString(int code) {
    int g2 = code >>> 17 & 0x1FF;
    return SURNAMES[code & 0xFF] + GIVEN[(code >>> 8 & 0x1FF) - 1] + (g2 == 0 ? "" : GIVEN[g2 - 1]);
  }
}
