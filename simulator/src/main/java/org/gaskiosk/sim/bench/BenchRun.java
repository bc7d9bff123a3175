package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/** A whole {@code bench} run: the five figures in order, then the Markdown table. */
final class BenchRun {
  private final BenchOptions o;
  private final Figures figures;

  BenchRun(BenchOptions o, Figures figures) {
    this.o = o;
    this.figures = figures;
  }

  void run() throws Exception {
    long start = System.nanoTime();
    Path data = o.data();
    ObjectNode machine = Machine.describe();
    machine.put("figure", "machine");
    figures.emit(machine);
    if (o.measures("overhead") || o.measures("cards") || o.measures("startup")) {
      try (BenchWorld world = new BenchWorld(data.resolve("world"))) {
        try (BenchKiosk kiosk = OverheadFigure.kiosk(world, data.resolve("overhead"))) {
          if (o.measures("overhead")) {
            figures.emit(
                OverheadFigure.run(world, kiosk, data.resolve("overhead-floor"), o.purchases()));
          }
          if (o.measures("cards")) {
            CardCommandsFigure.run(kiosk).forEach(figures::emit);
          }
        }
        if (o.measures("startup")) {
          // --quick: a few purchases prove the reading; the full run does as many as figure 1
          int purchases = o.quick() ? 10 : o.purchases();
          figures.emit(StartupFigure.run(world, data.resolve("startup"), purchases));
        }
      }
    }
    if (o.measures("drain")) {
      figures.emit(DrainFigure.run(data.resolve("drain"), o.drainEvents()));
    }
    if (o.measures("fleet")) {
      figures.emit(FleetFigure.ladder(o, figures));
    }
    ObjectNode end = Figures.figure("run");
    end.put("quick", o.quick());
    end.put("seconds", Figures.round((System.nanoTime() - start) / 1e9));
    end.put("data", data.toAbsolutePath().toString());
    if (o.report() != null) {
      MarkdownReport.write(o.report(), figures.all(), o);
      end.put("report", o.report().toAbsolutePath().toString());
    }
    figures.emit(end);
  }
}
