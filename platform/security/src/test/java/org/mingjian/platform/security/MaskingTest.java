package org.mingjian.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.descriptor.Sensitivity;

class MaskingTest {

  @Test
  void residentIdKeepsAreaCodeAndLastFour() {
    assertEquals("110105********002X", Masking.text("11010519491231002X"));
    assertEquals("110105********002x", Masking.text("11010519491231002x"));
    assertEquals("110108********0044", Masking.text("110108197001010044"));
  }

  @Test
  void shortNamesKeepTheirFirstCharacter() {
    assertEquals("张*", Masking.text("张三"));
    assertEquals("李**", Masking.text("李小明"));
    assertEquals("欧***", Masking.text("欧阳小明"));
    assertEquals("王", Masking.text("王"));
  }

  @Test
  void longerValuesKeepAThird() {
    // 12 characters: 4 kept
    assertEquals("北京市朝********", Masking.text("北京市朝阳区建国路88号"));
    // a phone number: 11 characters, 3 kept
    assertEquals("138********", Masking.text("13812345678"));
    // 5 characters: at least one is kept
    assertEquals("a****", Masking.text("abcde"));
  }

  @Test
  void charactersOutsideTheBasicPlaneCountOnce() {
    // 𠀀 and 𠀁 are single characters written as two UTF-16 units each
    assertEquals("𠀀*", Masking.text("𠀀𠀁"));
    assertEquals("𠀀𠀁******", Masking.text("𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇"));
  }

  @Test
  void emptyAndNullStayAsTheyAre() {
    assertNull(Masking.text(null));
    assertEquals("", Masking.text(""));
    assertNull(Masking.idsInText(null));
  }

  @Test
  void idsInsideTextAreMasked() {
    assertEquals(
        "申请人110105********002X于2024年在朝阳区提取公积金",
        Masking.idsInText("申请人11010519491231002X于2024年在朝阳区提取公积金"));
    assertEquals(
        "原告 110105********0021，被告 110108********0044。",
        Masking.idsInText("原告 110105194912310021，被告 110108197001010044。"));
    assertEquals("(110105********0021)", Masking.idsInText("(110105194912310021)"));
  }

  @Test
  void longerDigitRunsAndCaseNumbersAreLeftAlone() {
    String account = "账号 6222021101051949123100211 已冻结";
    assertEquals(account, Masking.idsInText(account));
    String nineteen = "1101051949123100211";
    assertEquals(nineteen, Masking.idsInText(nineteen));
    String seventeen = "编号 11010519491231002 完";
    assertEquals(seventeen, Masking.idsInText(seventeen));
    String caseNo = "(2022)京0105民初12345号";
    assertEquals(caseNo, Masking.idsInText(caseNo));
  }

  @Test
  void onlyPersonalAndSensitiveValuesAreMasked() {
    String id = "11010519491231002X";
    assertSame(id, Masking.value(id, Sensitivity.PUBLIC));
    assertSame(id, Masking.value(id, Sensitivity.INTERNAL));
    assertSame(id, Masking.value(id, null));
    assertEquals("110105********002X", Masking.value(id, Sensitivity.PERSONAL));
    assertEquals("张*", Masking.value("张三", Sensitivity.SENSITIVE));
    BigDecimal amount = new BigDecimal("12000.50");
    assertSame(amount, Masking.value(amount, Sensitivity.INTERNAL));
    assertEquals("12******", Masking.value(amount, Sensitivity.SENSITIVE));
    assertNull(Masking.value(null, Sensitivity.PERSONAL));
  }
}
