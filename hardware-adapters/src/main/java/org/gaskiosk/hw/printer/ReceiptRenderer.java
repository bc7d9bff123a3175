package org.gaskiosk.hw.printer;

import com.github.anastaciocintra.escpos.EscPos;
import com.github.anastaciocintra.escpos.EscPosConst;
import com.github.anastaciocintra.escpos.Style;
import com.github.anastaciocintra.escpos.barcode.QRCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.List;
import org.gaskiosk.core.port.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a receipt into the ESC/POS bytes of one printed, cut slip, through escpos-coffee: ESC @, FS
 * &amp; (Chinese mode), the first line as a bold double-height centred title, the other lines in
 * GBK, the reference as a native QR code (GS ( k, model 2), feed, cut.
 */
final class ReceiptRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptRenderer.class);
  static final String CHARSET = "GBK";
  private static final int FS = 0x1C;

  /**
   * escpos-coffee sizes the QR data by {@code String.length()} and encodes it with the platform
   * charset, so anything but printable ASCII would corrupt the command (devices.md: ASCII only).
   * References are short; 256 keeps the symbol small enough for an 80 mm roll at any module size.
   */
  static final int MAX_QR_LENGTH = 256;

  private final PrinterConfig config;

  ReceiptRenderer(PrinterConfig config) {
    this.config = config;
  }

  /** The bytes, and whether the reference went in as a QR code. */
  record Rendered(byte[] bytes, boolean withQr) {}

  Rendered render(Receipt receipt) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    EscPos escpos = new EscPos(bytes).setCharsetName(CHARSET);
    boolean withQr = isQrPayload(receipt.reference());
    try {
      escpos.initializePrinter();
      if (config.chineseMode()) {
        escpos.write(FS).write('&');
      }
      Style body = new Style();
      Style title =
          new Style()
              .setBold(true)
              .setFontSize(Style.FontSize._1, Style.FontSize._2)
              .setJustification(EscPosConst.Justification.Center);
      List<String> lines = receipt.lines();
      for (int i = 0; i < lines.size(); i++) {
        warnIfNotGbk(receipt, lines.get(i));
        escpos.writeLF(i == 0 ? title : body, lines.get(i));
      }
      boolean referenceInText = lines.stream().anyMatch(l -> l.contains(receipt.reference()));
      if (withQr) {
        escpos.feed(1);
        escpos.write(
            new QRCode()
                .setModel(QRCode.QRModel._2)
                .setSize(config.qrModuleSize())
                .setErrorCorrectionLevel(QRCode.QRErrorCorrectionLevel.QR_ECLEVEL_M_Default)
                .setJustification(EscPosConst.Justification.Center),
            receipt.reference());
      }
      if (!referenceInText) {
        Style centred = new Style().setJustification(EscPosConst.Justification.Center);
        escpos.writeLF(centred, receipt.reference());
      }
      escpos.feed(body, config.feedLinesBeforeCut());
      escpos.cut(config.fullCut() ? EscPos.CutMode.FULL : EscPos.CutMode.PART);
    } catch (IOException e) {
      // Only the encoding can fail: the target is a byte array.
      throw new UncheckedIOException("rendering receipt " + receipt.reference(), e);
    }
    return new Rendered(bytes.toByteArray(), withQr);
  }

  static boolean isQrPayload(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_QR_LENGTH) {
      return false;
    }
    return s.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
  }

  private static void warnIfNotGbk(Receipt receipt, String line) {
    if (!Charset.forName(CHARSET).newEncoder().canEncode(line)) {
      LOG.warn(
          "receipt {}: a line has characters GBK cannot encode; they print as '?': {}",
          receipt.reference(),
          line);
    }
  }
}
