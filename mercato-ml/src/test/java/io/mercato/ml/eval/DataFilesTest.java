package io.mercato.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {
  @TempDir Path dir;

  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsMovieLensRatingsSkippingBlankLines() throws IOException {
    Path f = file("u.data", "196\t242\t3\t881250949\n\n186\t302\t3.5\t891717742\r\n");
    List<Interaction> rs = DataFiles.readMovieLens(f);
    assertThat(rs)
        .containsExactly(
            new Interaction("196", "242", 3f, 881_250_949_000L, 1),
            new Interaction("186", "302", 3.5f, 891_717_742_000L, 3));
  }

  @Test
  void ncfRatingsMayOmitTheTimestamp() throws IOException {
    Path f = file("x.train.rating", "0\t32\t4\t978824330\n1\t5\t2\n");
    assertThat(DataFiles.readNcfRatings(f))
        .extracting(Interaction::timestampMillis)
        .containsExactly(978_824_330_000L, 0L);
  }

  @Test
  void badRatingLinesNameTheFileAndLine() throws IOException {
    assertError(
        DataFiles::readMovieLens,
        file("a.data", "1\t2\t3\t4\n1\t2\t3\n"),
        "a.data line 2: expected 4 tab-separated fields (user, item, rating, timestamp) but found 3");
    assertError(
        DataFiles::readMovieLens,
        file("b.data", "\n\n1\t2\tfive\t4\n"),
        "b.data line 3: rating 'five' is not a finite number");
    assertError(
        DataFiles::readMovieLens,
        file("c.data", "1\t2\t3\t2024-01-01\n"),
        "c.data line 1: timestamp '2024-01-01' is not a whole number of seconds since 1970");
    assertError(
        DataFiles::readMovieLens,
        file("d.data", "1\t2\t3\t4\n\t2\t3\t4\n"),
        "d.data line 2: empty user id");
    assertError(
        DataFiles::readMovieLens,
        file("e.data", "1\t2\tNaN\t4\n"),
        "e.data line 1: rating 'NaN' is not a finite number");
    assertError(
        DataFiles::readMovieLens,
        file("f.data", "\n \n"),
        "f.data line 1: the file holds no ratings");
    assertError(
        DataFiles::readNcfRatings,
        file("g.rating", "1\t2\t3\t4\t5\n"),
        "g.rating line 1: expected 3 or 4 tab-separated fields (user, item, rating[, timestamp]) but found 5");
    assertError(
        DataFiles::readNcfRatings,
        file("h.rating", "1 2 3 4\n"),
        "h.rating line 1: expected 3 or 4 tab-separated fields (user, item, rating[, timestamp]) but found 1");
  }

  @Test
  void readsNcfNegatives() throws IOException {
    Path f = file("t.negative", "(0,25)\t1064\t174\n(1,133)\t1\n");
    assertThat(DataFiles.readNcfNegatives(f))
        .containsExactly(
            new NegativesLine("0", "25", List.of("1064", "174"), 1),
            new NegativesLine("1", "133", List.of("1"), 2));
  }

  @Test
  void badNegativesLinesNameTheFileAndLine() throws IOException {
    assertError(
        DataFiles::readNcfNegatives,
        file("n1", "(0,25)\t1\n0,25\t1\n"),
        "n1 line 2: expected (user,item) in the first field but found '0,25'");
    assertError(
        DataFiles::readNcfNegatives,
        file("n2", "(0,25)\n"),
        "n2 line 1: expected at least one negative item after (0,25) but found none");
    assertError(
        DataFiles::readNcfNegatives,
        file("n3", "(0,25)\t1\t\t2\n"),
        "n3 line 1: empty negative item id");
    assertError(
        DataFiles::readNcfNegatives,
        file("n4", "(0,25,3)\t1\n"),
        "n4 line 1: expected (user,item) in the first field but found '(0,25,3)'");
    assertError(DataFiles::readNcfNegatives, file("n5", "(,25)\t1\n"), "n5 line 1: empty user id");
  }

  private void assertError(Function<Path, ?> reader, Path f, String message) {
    assertThatThrownBy(() -> reader.apply(f))
        .isInstanceOf(DataFileException.class)
        .hasMessage(dir.resolve(message).toString())
        .satisfies(e -> assertThat(((DataFileException) e).file()).isEqualTo(f.toString()));
  }
}
