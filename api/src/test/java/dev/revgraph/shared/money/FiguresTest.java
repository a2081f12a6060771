package dev.revgraph.shared.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * A served figure is the exact value rounded half-up once. Rounding a quotient to 34 digits first
 * (DECIMAL128) and then to the served scale rounds twice: a value a hair below a half became the
 * half and went up.
 */
class FiguresTest {

    // 0.12344 followed by 36 nines: below 0.12345, so 0.1234; rounded to 34 digits first it is 0.12345
    private static final BigDecimal JUST_BELOW_A_HALF = new BigDecimal("0.12344" + "9".repeat(36));

    @Test
    void aRatioIsRoundedOnceFromTheExactQuotient() {
        assertThat(Figures.ratio(JUST_BELOW_A_HALF, BigDecimal.ONE)).isEqualByComparingTo("0.1234");
        assertThat(Figures.ratio(new BigDecimal("1"), new BigDecimal("3"))).isEqualByComparingTo("0.3333");
        assertThat(Figures.ratio(new BigDecimal("2"), new BigDecimal("3"))).isEqualByComparingTo("0.6667");
        assertThat(Figures.ratio(new BigDecimal("1"), new BigDecimal("8"))).isEqualByComparingTo("0.1250");
        assertThat(Figures.ratio(new BigDecimal("0.00005"), BigDecimal.ONE)).isEqualByComparingTo("0.0001");
        assertThat(Figures.ratio(BigDecimal.ONE, BigDecimal.ZERO)).isNull();
    }

    @Test
    void anAmountPerUnitIsRoundedOnceFromTheExactQuotient() {
        // 1.00499...9 (40 nines) per 1: 1.00, not 1.01
        assertThat(Figures.moneyPer(new BigDecimal("1.004" + "9".repeat(40)), 1))
                .isEqualByComparingTo("1.00");
        // 10.00 / 3 = 3.333...: 3.33; 10.01 / 2 = 5.005: 5.01 (a true half goes up)
        assertThat(Figures.moneyPer(new BigDecimal("10.00"), 3)).isEqualByComparingTo("3.33");
        assertThat(Figures.moneyPer(new BigDecimal("10.01"), 2)).isEqualByComparingTo("5.01");
        assertThat(Figures.moneyPer(new BigDecimal("-10.01"), 2)).isEqualByComparingTo("-5.01");
        assertThat(Figures.moneyPer(BigDecimal.TEN, 0)).isNull();
    }
}
