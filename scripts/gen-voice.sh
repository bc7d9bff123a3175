#!/usr/bin/env bash
# Generates the touchscreen's spoken prompts (accessible mode) from the voice.* texts of the page's
# i18n files: espeak-ng speaks each text (Mandarin voice "cmn" for zh-CN, "en" for English) slowly,
# opusenc compresses it to a small mono Ogg Opus file. The files are committed, so the kiosk plays
# them with no network and no speech engine on the device. Run again after changing a voice.* text:
#
#   sudo apt-get install espeak-ng opus-tools   # once
#   bash scripts/gen-voice.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
public="$root/kiosk-ui/src/main/resources/public"
speed="${VOICE_SPEED:-135}"      # words per minute; espeak-ng's default 175 is too fast for many elderly
bitrate="${VOICE_BITRATE:-12}"   # kbit/s; speech stays clear at 12 in Opus's voice mode

for tool in espeak-ng opusenc python3; do
  command -v "$tool" >/dev/null || { echo "gen-voice: $tool is missing (apt-get install espeak-ng opus-tools python3)" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for lang in zh-CN en; do
  case "$lang" in zh-CN) voice=cmn ;; en) voice=en ;; esac
  out="$public/voice/$lang"
  rm -rf "$out"
  mkdir -p "$out"
  # One "clip<TAB>text" line per voice.* key, read with Python's JSON parser (no jq needed).
  python3 - "$public/i18n/$lang.json" > "$tmp/$lang.tsv" <<'PY'
import json, sys
for key, text in json.load(open(sys.argv[1], encoding="utf-8")).items():
    if key.startswith("voice.") and key != "voice.repeat":
        print(key[len("voice."):] + "\t" + text.replace("\t", " ").replace("\n", " "))
PY
  while IFS=$'\t' read -r clip text; do
    espeak-ng -v "$voice" -s "$speed" -w "$tmp/$clip.wav" "$text"
    opusenc --quiet --serial 1 --bitrate "$bitrate" --downmix-mono --comp 10 --framesize 60 \
      "$tmp/$clip.wav" "$out/$clip.ogg"
  done < "$tmp/$lang.tsv"
done

echo "gen-voice: $(find "$public/voice" -name '*.ogg' | wc -l) clips, $(du -sb "$public/voice" | cut -f1) bytes in $public/voice"
