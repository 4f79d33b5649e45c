#!/usr/bin/env bash
# A PACS in and out, with real DICOM network peers, as dcm-deid(7) describes it:
#
#   dcmsend (a modality) --> storescp (gateway: --exec-on-eostudy runs dcm-deid per study,
#   then dcmsend) --> Orthanc (the research PACS)
#
# then checks through Orthanc's REST API (curl + jq) that every instance the gateway
# de-identified arrived, that no instance carries an original identifying value (patient
# name and ID, study/series/SOP instance UIDs, accession number, anywhere in its tags), and
# that study/series linkage survived (each instance sits in the series and study whose new
# UIDs are the keyed replacements of its original series and study, per uid_mapping.csv).
# Everything runs in a network namespace of its own with only a loopback interface.
#
# Usage: scripts/pacs-check.sh [IN_DIR]   (default: samples/)
# Environment: BIN (built tools; default release build), KEEP=1 (keep the work directory),
#              DEID_OPTS (extra dcm-deid options).
# Needs root (network namespace); installs orthanc, dcmtk, jq, curl with apt-get when missing.
# Exit status: 0 all checks pass, 1 a check failed, 2 cannot run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
in=$(realpath "${1:-$repo/samples}")
[ -d "$in" ] || { echo "pacs-check: no input directory $in" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "pacs-check: needs root (network namespace)" >&2; exit 2; }
need=()
[ -x /usr/sbin/Orthanc ] || need+=(orthanc)
command -v storescp >/dev/null && command -v dcmsend >/dev/null || need+=(dcmtk)
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
command -v ip >/dev/null || need+=(iproute2)
. "$repo/scripts/check-lib.sh"
install_missing pacs-check "${need[@]}"
release_tools pacs-check "$repo" dcm-deid dcm-json dcm-pseudo
export PATH="$BIN:$PATH"

work=$(mktemp -d /tmp/dcm-pacs-check.XXXXXX)
ns=dcm-pacs-$$
pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
  if [ "${KEEP:-}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
# (Daemons are started with ip netns exec itself, which becomes the daemon, so that $! is
# its process ID; a shell function run in the background would be a subshell around it.)
inns() { ip netns exec "$ns" "$@"; }

cd "$work"
mkdir -p orthanc/db incoming received deid map log
dcm-pseudo keygen -o deid.key >/dev/null
http=18042 dicom=14242 gw=11112
api="http://127.0.0.1:$http"

# The research PACS: Orthanc with its own configuration and storage, loopback only.
cat > orthanc/config.json <<EOF
{
  "Name": "dcm-deid pacs-check",
  "StorageDirectory": "$work/orthanc/db",
  "IndexDirectory": "$work/orthanc/db",
  "HttpPort": $http,
  "DicomPort": $dicom,
  "DicomAet": "RESEARCH",
  "DicomCheckCalledAet": true,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomAlwaysAllowStore": true,
  "UnknownSopClassAccepted": true,
  "Plugins": [],
  "StableAge": 2
}
EOF
ip netns exec "$ns" /usr/sbin/Orthanc orthanc/config.json >log/orthanc.log 2>&1 &
pids+=($!)

# The gateway's per-study step: take the study folder storescp just closed out of its way
# (objects of the same study arriving later make a new folder and a new batch), de-identify
# it, send what was written on, and log. A file that could not be de-identified is reported
# in the batch's log, never written, never sent. Batch names are a clock and a process ID:
# storescp's folder names hold the original Study Instance UID, the output's must not.
cat > on-study.sh <<EOF
#!/bin/bash
# \$1: the study folder storescp finished (--exec-on-eostudy '#p').
batch=\$(date +%Y%m%d-%H%M%S-%N)-\$\$
mv "\$1" "$work/received/\$batch" || exit 0
dcm-deid -q ${DEID_OPTS:-} --key-file $work/deid.key --mapping-dir $work/map \\
    "$work/received/\$batch" "$work/deid/\$batch" 2>"$work/log/deid-\$batch.err"
echo "\$? \$batch" >> "$work/log/deid.status"
if [ -d "$work/deid/\$batch" ]; then
  dcmsend -aet DEIDGW -aec RESEARCH +sd +r -nh -nuc +crf "$work/log/send-\$batch.report" \\
      127.0.0.1 $dicom "$work/deid/\$batch" >"$work/log/send-\$batch.log" 2>&1
  echo "\$? \$batch" >> "$work/log/send.status"
fi
EOF
chmod +x on-study.sh
# storescp: one folder per study, the step above run once a study is complete (here: 3 s
# without a new object for it, or another study's object arriving); every transfer syntax
# and SOP class accepted (+xa, -pm).
ip netns exec "$ns" storescp -aet DEIDGW +xa -pm -od incoming --sort-on-study-uid st --eostudy-timeout 3 \
  --exec-on-eostudy "$work/on-study.sh #p" $gw >log/storescp.log 2>&1 &
pids+=($!)

for _ in $(seq 100); do inns curl -fs "$api/system" >/dev/null 2>&1 && break; sleep 0.2; done
inns curl -fs "$api/system" | jq -r '"orthanc: \(.Name), version \(.Version), DICOM AET \(.DicomAet) port \(.DicomPort)"' \
  || { echo "pacs-check: Orthanc did not start" >&2; cat log/orthanc.log >&2; exit 2; }

# The modality sends everything. DCMTK's dcmsend, not storescu: storescu 3.6.7 proposes the
# uncompressed syntaxes only (or one compressed syntax named per run, -xy, -xv, ...), so a
# folder mixing JPEG, JPEG-LS, JPEG 2000 and RLE files fails ("unable to convert dataset
# from 'JPEG Baseline'"); dcmsend proposes each file's own syntax and SOP class (-nuc: also
# classes it does not know) and goes on past a file it cannot send (-nh).
set +e
inns dcmsend -aet MODALITY -aec DEIDGW +sd +r -nh -nuc 127.0.0.1 $gw "$in" >log/modality.log 2>&1
sent_status=$?
set -e
received=$(find incoming received -type f | wc -l)
echo "modality -> gateway: dcmsend status $sent_status, $received files received"
[ "$received" -gt 0 ] || { echo "pacs-check: the gateway received nothing" >&2; tail -5 log/modality.log >&2; exit 2; }
# Wait until every study folder has been taken, de-identified and sent on.
for _ in $(seq 600); do
  batches=$(find received -mindepth 1 -maxdepth 1 | wc -l)
  if [ -z "$(find incoming -mindepth 1 -maxdepth 1)" ] && [ "$batches" -gt 0 ] \
     && [ "$(cat log/deid.status 2>/dev/null | wc -l)" = "$batches" ] \
     && [ "$(cat log/send.status 2>/dev/null | wc -l)" = "$(find deid -mindepth 1 -maxdepth 1 | wc -l)" ]; then
    break
  fi
  sleep 0.5
done
sleep 3   # Orthanc indexes what it has received

status=0
written=$(find deid -type f | wc -l)
echo "gateway: $batches study batches, $written files de-identified, dcm-deid status per study: $(awk '{print $1}' log/deid.status 2>/dev/null | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')"
echo "gateway -> orthanc: dcmsend status per study: $(awk '{print $1}' log/send.status 2>/dev/null | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')"
cat log/deid-*.err 2>/dev/null | sed 's/^/  dcm-deid: /' | head -20

# Original values, from the files storescp received.
dcm-json $(find received -type f | sort) > originals.jsonl 2>/dev/null || true
jq -r '[.["00100010"].Value[0].Alphabetic // empty, .["00100020"].Value[0] // empty,
        .["0020000D"].Value[0] // empty, .["0020000E"].Value[0] // empty,
        .["00080018"].Value[0] // empty, .["00080050"].Value[0] // empty] | .[]' originals.jsonl \
  | awk 'length($0) >= 3' | sort -u > originals.values
echo "original identifying values to look for: $(wc -l < originals.values)"

# What Orthanc holds, through its REST API.
inns curl -fs "$api/instances" | jq -r '.[]' > orthanc.instances
arrived=$(wc -l < orthanc.instances)
: > orthanc.tags
while read -r id; do
  inns curl -fs "$api/instances/$id/tags?simplify" | jq -c --arg id "$id" '{id: $id, tags: .}' >> orthanc.tags
done < orthanc.instances
inns curl -fs "$api/series?expand" > orthanc.series
inns curl -fs "$api/studies?expand" > orthanc.studies

# dcmsend's reports say which instances the research PACS accepted (status Success). One
# instance may come in several files (the same image in two transfer syntaxes, or sent
# twice): Orthanc keeps one per SOP Instance UID, so instances are counted by UID.
cat log/send-*.report 2>/dev/null | awk '
  /^SOP Instance *:/ { sop = $4 }
  /^DIMSE Status *:/ { if ($0 ~ /Success/) print sop }' | sort -u > accepted.sops
accepted=$(wc -l < accepted.sops)
sent_ok=$(cat log/send-*.report 2>/dev/null | sed -n 's/^  \* with status SUCCESS *: *//p' | awk '{ n += $1 } END { print n + 0 }')
unsent=$((written - sent_ok))
if [ "$arrived" = "$accepted" ] && [ "$accepted" -gt 0 ]; then
  echo "every instance the research PACS accepted arrived: $arrived ($sent_ok of $written de-identified files accepted, $accepted distinct SOP Instance UIDs)"
else
  echo "instances: $arrived in Orthanc, $accepted distinct ones accepted by it ($sent_ok of $written files): DIFFERENT"; status=1
fi
if [ "$unsent" -gt 0 ]; then
  echo "not accepted by the research PACS: $unsent (named in the gateway's send reports), dcmsend said:"
  cat log/send-*.log | grep '^E:' | sort | uniq -c | sed 's/^/  /'
fi
sops=$(jq -r '.tags.SOPInstanceUID' orthanc.tags | sort -u | wc -l)
[ "$sops" = "$arrived" ] || { echo "SOP Instance UIDs not unique in Orthanc ($sops for $arrived)"; status=1; }

# No original value in any instance: (1) no UID-valued tag, Patient Name or ID, Other
# Patient IDs or Accession Number of any instance equals an original value; (2) no original
# UID (16 characters or more) and no original name, ID or accession number of 8 or more
# characters occurs anywhere in any value. Placeholders that already-anonymized originals
# carry as names (ANONYMIZED, ANONYMOUS, NONE, UNKNOWN; the scrub's own dummy is ANONYMIZED),
# one character repeated (00000000) and shorter values match unrelated text and are left
# out of (2).
jq -r '.tags | paths(strings) as $p | [($p[-1] | tostring), getpath($p)] | @tsv' orthanc.tags \
  | awk -F'\t' '$1 ~ /UID$/ || $1 == "PatientName" || $1 == "PatientID" || $1 == "OtherPatientIDs" || $1 == "AccessionNumber" { print $2 }' \
  | sort -u > orthanc.identifying
leaks=$(comm -12 orthanc.identifying originals.values | wc -l)
grep -viE '^(ANONYMI[SZ]ED|ANONYMOUS|NONE|UNKNOWN)$' originals.values | grep -vE '^(.)\1*$' \
  | awk '(/^[0-9.]+$/ && index($0, ".") && length($0) >= 16) || (!(/^[0-9.]+$/ && index($0, ".")) && length($0) >= 8)' > originals.long
inside=0
while read -r v; do
  if [[ $v =~ ^[0-9]+$ ]]; then
    # A number counts only as a number of its own, not as digits of a decimal (1.0000000001).
    grep -qP -- "(?<![0-9.])$v(?![0-9.])" orthanc.tags && inside=$((inside + 1))
  else
    grep -qF -- "$v" orthanc.tags && inside=$((inside + 1))
  fi
done < originals.long
if [ "$leaks" = 0 ] && [ "$inside" = 0 ]; then
  echo "no original identifying value in Orthanc ($(wc -l < originals.values) values looked for in the identifying tags of $arrived instances, $(wc -l < originals.long) of them in every value)"
else
  echo "original identifying values found in Orthanc: $leaks whole, $inside inside longer values: LEAK"; status=1
fi

# Linkage: every instance in the series and study whose UIDs replace its originals'.
jq -r '[.["00080018"].Value[0], .["0020000E"].Value[0], .["0020000D"].Value[0]] | @tsv' originals.jsonl | sort -u > originals.links
jq -r '.tags | [.SOPInstanceUID, .SeriesInstanceUID, .StudyInstanceUID] | @tsv' orthanc.tags | sort -u > orthanc.links
# Orthanc's own hierarchy must agree with the tags: series -> study.
jq -r '.[] | [.MainDicomTags.SeriesInstanceUID, .ParentStudy] | @tsv' orthanc.series | sort > series.parents
jq -r '.[] | [.ID, .MainDicomTags.StudyInstanceUID] | @tsv' orthanc.studies | sort > studies.ids
tail -n +2 map/uid_mapping.csv | tr -d '\r' | tr ',' '\t' | sort -u > uid.map
broken=$(awk -F'\t' '
  FILENAME == ARGV[1] { m[$1] = $2; next }
  FILENAME == ARGV[2] { sid[$1] = $2; next }
  FILENAME == ARGV[3] { sstudy[$1] = sid[$2]; next }
  FILENAME == ARGV[4] { newsop = m[$1]; if (newsop != "") { want_se[newsop] = m[$2]; want_st[newsop] = m[$3] }; next }
  { seen++; if (!($1 in want_se) || want_se[$1] != $2 || want_st[$1] != $3 || sstudy[$2] != $3) bad++ }
  END { print bad + 0 }' uid.map studies.ids series.parents originals.links orthanc.links)
nseries_o=$(jq -r '.tags.SeriesInstanceUID' orthanc.tags | sort -u | wc -l)
nstudy_o=$(jq -r '.tags.StudyInstanceUID' orthanc.tags | sort -u | wc -l)
if [ "$broken" = 0 ]; then
  echo "linkage kept: $arrived instances in $nseries_o series of $nstudy_o studies, each under the replacements of its original series and study UIDs"
else
  echo "linkage: $broken instances not under their original series/study: BROKEN"; status=1
fi
nstudy_in=$(jq -r '.["0020000D"].Value[0]' originals.jsonl | sort -u | wc -l)
echo "studies: $nstudy_in received, $nstudy_o in Orthanc (patients: $(jq length <<< "$(inns curl -fs "$api/patients")"))"
[ "$status" = 0 ] && echo "pacs-check: passed"
exit $status
