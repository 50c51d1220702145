package org.mingjian.platform.clues.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClueIdsTest {
  @Test
  void idsMadeLaterSortAfterEarlierOnesAsText() {
    UUID early = ClueIds.at(1_764_806_400_000L, -1L, -1L);
    UUID late = ClueIds.at(1_764_806_400_001L, 0L, 0L);
    assertTrue(early.toString().compareTo(late.toString()) < 0, early + " before " + late);
    assertTrue(early.compareTo(late) < 0);
  }

  @Test
  void idsAreVersion7WithTheRfcVariantAndTheirMilliseconds() {
    UUID id = ClueIds.at(0x0123_4567_89ABL, -1L, -1L);
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertTrue(id.toString().startsWith("01234567-89ab-7"), id.toString());
  }

  @Test
  void idsMadeInTheSameMillisecondDiffer() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(ClueIds.next());
    }
    assertEquals(ids.size(), new HashSet<>(ids).size());
    assertNotEquals(ids.get(0), ids.get(1));
    assertEquals(36, ids.get(0).toString().length());
  }
}
