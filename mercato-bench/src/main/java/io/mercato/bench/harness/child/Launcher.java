package io.mercato.bench.harness.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start the Mercato CLI in a child JVM: the java launcher, JVM options, and either
 * {@code -jar mercato.jar} or a class path with the main class. The harnesses that kill and restart a
 * server ({@code bench fuzz}, {@code bench soak} and their ITs) start {@code mercato serve} this way, so
 * a {@code kill -9} hits a real, separate process.
 *
 * @param command the command up to (not including) the CLI arguments, e.g.
 *                {@code [/usr/lib/jvm/17/bin/java, -Xmx1g, -jar, /repo/mercato-app/target/mercato.jar]}
 */
public record Launcher(List<String> command) {
  /** The child's heap: ample for the harnesses' volumes, small enough for a machine shared by many builds. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx1g");

  private static final String MAIN_CLASS = "io.mercato.app.cli.Main";

  public Launcher {
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must name at least the java launcher");
    }
  }

  /** {@code java <jvmOptions> -jar <jar>} with the running JVM's launcher. */
  public static Launcher ofJar(Path jar, List<String> jvmOptions) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "no runnable jar at "
              + jar.toAbsolutePath()
              + " (build it: ./mvnw -B -ntp -DskipTests package -pl mercato-app -am)");
    }
    List<String> c = new ArrayList<>();
    c.add(javaBinary());
    c.addAll(jvmOptions);
    c.add("-jar");
    c.add(jar.toAbsolutePath().toString());
    return new Launcher(c);
  }

  /**
   * The CLI on this JVM's class path: its class path and the main class. The harnesses run from
   * {@code mercato-bench.jar} beside {@code mercato.jar} ({@code ./mercato bench}), from a test's class
   * path or from an IDE; in each the class path holds the app, so the child runs the very code this one does.
   */
  public static Launcher ofThisCli(List<String> jvmOptions) {
    List<String> c = new ArrayList<>();
    c.add(javaBinary());
    c.addAll(jvmOptions);
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(MAIN_CLASS);
    return new Launcher(c);
  }

  /** The command with the CLI arguments appended. */
  public List<String> with(List<String> cliArguments) {
    List<String> c = new ArrayList<>(command);
    c.addAll(cliArguments);
    return c;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
