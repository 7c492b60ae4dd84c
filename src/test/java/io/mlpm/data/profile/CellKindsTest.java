package io.mlpm.data.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.data.Cells;
import org.junit.jupiter.api.Test;

class CellKindsTest {

  @Test
  void numbersAgreeWithCells() {
    String[] samples = {"0", "-0", "1", "+7", "-12.5", "3.14159", ".5", "5.", "1e3", "-2.5E-3",
        "123456789012345678901", "0.1", "0.30000000000000004", "9007199254740993", "1.7976931348623157E308",
        "1e999", "NaN", "Infinity", "abc", "-", ".", "1,5", "0x1p3", "12a", "2024-01-01",
        "000123", "99999999999999999", "0.0000000000000000000001", "1.00000000000000000000001"};
    for (String s : samples) {
      Double expected = Cells.number(s);
      double actual = CellKinds.number(s);
      if (expected == null) {
        assertThat(Double.isNaN(actual)).as(s).isTrue();
      } else {
        assertThat(actual).as(s).isEqualTo(expected);
      }
    }
  }

  @Test
  void wordsAndDates() {
    for (String s : new String[] {"true", "FALSE", "yes", "No", "y", "N"}) {
      assertThat(CellKinds.booleanWord(s)).as(s).isTrue();
    }
    for (String s : new String[] {"0", "1", "t", "maybe", "yess"}) {
      assertThat(CellKinds.booleanWord(s)).as(s).isFalse();
    }
    for (String s : new String[] {"2024-02-29", "2024/12/31", "2024-01-05T10:15:00Z",
        "2024-01-05 23:59", "31.12.2023", "12/31/2023", "31/12/2023"}) {
      assertThat(CellKinds.date(s)).as(s).isTrue();
    }
    for (String s : new String[] {"2024-13-01", "2024-00-10", "20240101", "1.5", "31.13.2023",
        "2024-01-05X", "13/13/2023"}) {
      assertThat(CellKinds.date(s)).as(s).isFalse();
    }
  }
}
