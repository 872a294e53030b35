package io.github.academyoffboarding.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A realm's "today" that ends within a test: the realm gets a fixed-offset {@code
 * academy.time-zone} whose midnight falls {@code ahead} from now, so that dated rows of today come
 * due while the test waits.
 *
 * @param today the date in the realm's zone now
 * @param end the instant today ends there
 * @param zone the zone id given to the realm ({@code UTC+hh:mm})
 */
public record RealmDay(LocalDate today, Instant end, String zone) {

  public static RealmDay endingIn(TestRealm realm, Duration ahead) {
    Instant now = Instant.now();
    long end = now.plus(ahead).getEpochSecond();
    // The offset that puts local midnight at `end`: (end + offset) is a multiple of a day.
    long offset = Math.floorMod(-end, 86_400L);
    if (offset >= 43_200) {
      offset -= 86_400;
    }
    String id = offset == 0 ? "UTC" : "UTC" + ZoneOffset.ofTotalSeconds((int) offset).getId();
    TestResponse r =
        realm.master().put(realm.path(""), Map.of("attributes", Map.of("academy.time-zone", id)));
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    RealmDay day =
        new RealmDay(LocalDate.ofInstant(now, ZoneId.of(id)), Instant.ofEpochSecond(end), id);
    assertThat(day.today().plusDays(1).atStartOfDay(ZoneId.of(id)).toInstant())
        .isEqualTo(day.end());
    return day;
  }
}
