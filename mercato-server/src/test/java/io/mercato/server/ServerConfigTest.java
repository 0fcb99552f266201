package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsBindEveryInterfaceOnPort8080WithFiveMebibyteBodies() {
    ServerConfig c = ServerConfig.defaults();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.maxBodyBytes()).isEqualTo(5_242_880);
  }

  @Test
  void portZeroMeansRandomFreePort() {
    assertThat(ServerConfig.defaults().withPort(0).port()).isZero();
  }

  @Test
  void rejectsPortOutOfRange() {
    assertThatThrownBy(() -> new ServerConfig("0.0.0.0", 65_536, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535 (0 = a random free port) but was 65536");
    assertThatThrownBy(() -> new ServerConfig("0.0.0.0", -1, 1)).hasMessageContaining("but was -1");
  }

  @Test
  void rejectsNonPositiveBodyLimit() {
    assertThatThrownBy(() -> ServerConfig.defaults().withMaxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-body-bytes must be positive but was 0");
  }

  @Test
  void rejectsBlankOrMissingHost() {
    assertThatThrownBy(() -> new ServerConfig(" ", 80, 1))
        .hasMessageStartingWith("host must not be blank");
    assertThatThrownBy(() -> new ServerConfig(null, 80, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("host");
  }
}
