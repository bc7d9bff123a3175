package org.gaskiosk.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the touchscreen shows, as the automation API serves it. Immutable; a new one is published at
 * every change.
 *
 * @param version increases at every change, so a client can tell an old view from a new one
 * @param screen one of the screen names of the automation contract
 * @param lang "zh-CN" or "en"
 * @param accessible whether the accessible mode is on
 * @param data the screen's data: strings, numbers, booleans, lists and maps only (JSON-ready)
 */
public record KioskView(
    long version, String screen, String lang, boolean accessible, Map<String, Object> data) {
  public KioskView {
    // Keeps the engine's key order and allows null (JSON null) values, unlike Map.copyOf.
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }
}
