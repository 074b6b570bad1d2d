#!/usr/bin/env bash
# EMR bootstrap action of the cluster pdmctl creates: installs pdmctl and the run's bundle.
# Usage: bootstrap.sh <manifest S3 URI>
set -euo pipefail
cd "$(mktemp -d)"
aws s3 cp "{{ pdmctl_binary }}" ./pdmctl
chmod +x ./pdmctl
sudo ./pdmctl bootstrap "{{ environment }}" --bundle "$1"
