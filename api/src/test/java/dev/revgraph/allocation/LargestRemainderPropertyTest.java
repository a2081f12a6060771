package dev.revgraph.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The engine's split (allocation_split of changeset 0030, which every rule's pool goes through) on
 * random pools and drivers: the parts sum to the pool rounded half-up to cents exactly, each part is
 * its exact quota rounded down or up to a cent, a target without driver gets nothing, a zero driver
 * total splits nothing; and the parts equal those of an independent Java implementation of the
 * largest-remainder method (exact rationals, ties to the earlier target).
 */
class LargestRemainderPropertyTest extends IntegrationTest {

    private static final BigDecimal CENT = new BigDecimal("0.01");

    @Autowired
    Environment environment;

    @Test
    void partsSumToThePoolToTheCent() throws Exception {
        Random random = new Random(16);
        try (Sql sql = new Sql(environment);
                PreparedStatement split =
                        sql.connection().prepareStatement("select allocation_split(?::numeric, ?::numeric[])")) {
            for (int run = 0; run < 2000; run++) {
                BigDecimal pool = pool(random);
                BigDecimal[] weights = weights(random);
                split.setBigDecimal(1, pool);
                split.setArray(2, sql.connection().createArrayOf("numeric", weights));
                BigDecimal[] parts;
                try (ResultSet result = split.executeQuery()) {
                    result.next();
                    Array array = result.getArray(1);
                    parts = Arrays.stream((Object[]) array.getArray())
                            .map(o -> (BigDecimal) o)
                            .toArray(BigDecimal[]::new);
                }
                String what = "pool " + pool + " weights " + Arrays.toString(weights);
                assertThat(parts).as(what).hasSameSizeAs(weights);
                BigDecimal total = Arrays.stream(weights)
                        .map(w -> w.max(BigDecimal.ZERO))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal sum = Arrays.stream(parts).reduce(BigDecimal.ZERO, BigDecimal::add);
                if (total.signum() == 0) {
                    assertThat(sum.signum()).as(what).isZero();
                    continue;
                }
                assertThat(sum).as(what).isEqualByComparingTo(pool.setScale(2, RoundingMode.HALF_UP));
                for (int i = 0; i < parts.length; i++) {
                    BigDecimal quota =
                            pool.multiply(weights[i].max(BigDecimal.ZERO)).divide(total, 40, RoundingMode.HALF_EVEN);
                    assertThat(parts[i].subtract(quota).abs())
                            .as(what + " part " + i)
                            .isLessThan(CENT);
                    if (weights[i].signum() <= 0) {
                        assertThat(parts[i].signum()).as(what + " part " + i).isZero();
                    }
                }
                assertThat(Arrays.stream(parts)
                                .map(BigDecimal::stripTrailingZeros)
                                .toList())
                        .as(what)
                        .isEqualTo(reference(pool, weights).stream()
                                .map(BigDecimal::stripTrailingZeros)
                                .toList());
            }
        }
    }

    /** A pool in the reporting currency: up to 16 decimals (amount x rate), sometimes negative or tiny. */
    private static BigDecimal pool(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> new BigDecimal(BigInteger.valueOf(random.nextInt(2000) - 1000), 3);
            case 1 ->
                new BigDecimal(BigInteger.valueOf(random.nextLong() % 100_000_000_000L), 4)
                        .multiply(new BigDecimal(BigInteger.valueOf(random.nextInt(2_000_000_000)), 12));
            case 2 -> new BigDecimal(BigInteger.valueOf(random.nextInt(1_000_000)), 2);
            default -> new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000_000L), random.nextInt(17));
        };
    }

    /** 1 to 12 drivers: revenue-like, headcount-like, counts, fixed shares, zeros and the odd negative figure. */
    private static BigDecimal[] weights(Random random) {
        int n = 1 + random.nextInt(12);
        BigDecimal[] weights = new BigDecimal[n];
        int kind = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            weights[i] = switch (random.nextInt(8) == 0 ? 9 : kind) {
                case 0 -> new BigDecimal(BigInteger.valueOf(random.nextInt(1_000_000)), 2);
                case 1 -> new BigDecimal(BigInteger.valueOf(random.nextInt(400)), 1);
                case 2 -> BigDecimal.valueOf(random.nextInt(5));
                case 3 -> new BigDecimal(BigInteger.valueOf(random.nextLong() % 10_000_000_000_000_000L), 16).abs();
                default -> random.nextBoolean() ? BigDecimal.ZERO : BigDecimal.valueOf(-random.nextInt(100));
            };
        }
        return weights;
    }

    /**
     * The largest-remainder method with exact rationals: quota_i = pool x w_i / W as the fraction
     * (pool x 100 x w_i) / W in cents; floor; the cents left to round(pool, 2) go to the largest
     * remainders, ties to the earlier target.
     */
    private static List<BigDecimal> reference(BigDecimal pool, BigDecimal[] weights) {
        int n = weights.length;
        BigDecimal[] w = Arrays.stream(weights).map(x -> x.max(BigDecimal.ZERO)).toArray(BigDecimal[]::new);
        BigDecimal total = Arrays.stream(w).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal[] floors = new BigDecimal[n];
        BigDecimal[] rests = new BigDecimal[n];
        BigDecimal floorSum = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal a = pool.movePointRight(2).multiply(w[i]);
            BigDecimal q = a.divide(total, 0, RoundingMode.FLOOR);
            floors[i] = q;
            rests[i] = a.subtract(q.multiply(total));
            floorSum = floorSum.add(q);
        }
        int k = pool.setScale(2, RoundingMode.HALF_UP)
                .movePointRight(2)
                .subtract(floorSum)
                .intValueExact();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, BigDecimal>comparing(i -> rests[i])
                .reversed()
                .thenComparing(i -> i));
        List<BigDecimal> parts = new ArrayList<>(Arrays.asList(floors));
        for (int j = 0; j < k; j++) {
            parts.set(order.get(j), parts.get(order.get(j)).add(BigDecimal.ONE));
        }
        return parts.stream().map(p -> p.movePointLeft(2)).toList();
    }
}
