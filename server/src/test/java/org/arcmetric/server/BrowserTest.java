package org.arcmetric.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which .ci/run installs): upload an image and read the predicted label, enrol a class and see it
 * listed. A screenshot is kept in {@code server/target/browser-test.png}. Skipped where the driver
 * is not installed.
 */
class BrowserTest {
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final String TOKEN = "browser-token-0123456789";
  @TempDir Path tmp;

  @Test
  void predictAndEnrolInChromium() throws Exception {
    assumeThat(Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER))
        .as("chromium and chromium-driver installed")
        .isTrue();
    TestModel t = TestModel.make(tmp);
    Path h2 = Files.write(tmp.resolve("h2.png"), t.pngs().get(5));
    Path[] v2 = new Path[3];
    for (int i = 0; i < 3; i++) {
      v2[i] = Files.write(tmp.resolve("v2-" + i + ".png"), t.pngs().get(24 + i));
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toString());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    try (ArcmetricServer server =
        ArcmetricServer.start(
            ServerOptions.builder()
                .setModel(t.model())
                .setGallery(t.gallery())
                .optPort(0)
                .optToken(TOKEN)
                .build())) {
      WebDriver browser = new ChromeDriver(service, options);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ready"));
        assertThat(browser.findElement(By.id("classes")).getText()).contains("h2").contains("h3");

        browser.findElement(By.id("predict-file")).sendKeys(h2.toString());
        wait.until(d -> !d.findElement(By.id("label")).getText().isEmpty());
        assertThat(browser.findElement(By.id("label")).getText()).isIn("h2", "h3");
        assertThat(browser.findElements(By.cssSelector("#neighbours .tile"))).hasSize(5);
        // the server's own rule (no calibration: the nearest centre), as the server reports it
        assertThat(browser.findElement(By.id("decided")).getText())
            .isEqualTo("decided by the nearest class centre");
        // choosing another rule predicts the same image again under it
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("predict-rule")))
            .selectByValue("mode=knn&k=5&knn_prior=gallery");
        wait.until(
            ExpectedConditions.textToBe(
                By.id("decided"), "decided by the 5 nearest images, plain vote"));
        assertThat(browser.findElement(By.id("label")).getText()).isIn("h2", "h3");

        browser.findElement(By.id("enrol-label")).sendKeys("v2");
        browser.findElement(By.id("enrol-files")).sendKeys(v2[0] + "\n" + v2[1] + "\n" + v2[2]);
        browser.findElement(By.id("enrol-token")).sendKeys(TOKEN);
        browser.findElement(By.id("enrol-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("classes"), "v2 — 3"));
        assertThat(browser.findElement(By.id("enrol-message")).getText())
            .contains("enrolled 3 images into 'v2'");
        byte[] shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Path artefact = Path.of("target", "browser-test.png");
        Files.createDirectories(artefact.getParent());
        Files.write(artefact, shot);
      } finally {
        browser.quit();
      }
    }
  }
}
