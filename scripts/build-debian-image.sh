#!/usr/bin/env bash
# pgcascade's libvirt base image: Debian 12 from Debian's packages (no image download), built once and cached.
# Output in $1: rootfs.qcow2 (ext4 without partitions), vmlinuz, initrd.img; the VMs boot the kernel directly.
# PostgreSQL 15 is installed in the image so no apt runs inside a slow emulated guest.
set -euo pipefail
out=${1:?usage: build-debian-image.sh <dir> [mirror]}
mirror=${2:-http://deb.debian.org/debian}
size=${IMAGE_SIZE:-3G}
mkdir -p "$out"
if [ -s "$out/rootfs.qcow2" ] && [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.img" ]; then echo "cached: $out"; exit 0; fi
work=$(mktemp -d "$out/.build.XXXXXX")
root=$work/root
cleanup() { for m in dev/pts dev proc sys; do umount "$root/$m" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
debootstrap --variant=minbase --include=systemd-sysv,apt bookworm "$root" "$mirror"
mount -t proc proc "$root/proc"; mount -t sysfs sys "$root/sys"; mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
# Nothing starts inside the chroot (PostgreSQL would start its cluster on the build host).
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  linux-image-cloud-amd64 initramfs-tools cloud-init openssh-server sudo ifupdown isc-dhcp-client iproute2 netbase \
  ca-certificates postgresql-15 postgresql-client-15 python3-jsonschema
rm -f "$root/usr/sbin/policy-rc.d"
echo 'LANG=C.UTF-8' > "$root/etc/default/locale"
printf 'auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/*\n' > "$root/etc/network/interfaces"
# cloud-init only from the NoCloud seed: no network metadata probes, which time out one by one.
echo 'datasource_list: [ NoCloud, None ]' > "$root/etc/cloud/cloud.cfg.d/90-pgcascade.cfg"
echo '/dev/vda / ext4 defaults 0 1' > "$root/etc/fstab"
# The image's own host keys and machine id go: each VM gets its own (host keys from the seed).
rm -f "$root"/etc/ssh/ssh_host_* "$root/etc/machine-id" && touch "$root/etc/machine-id"
# The image's own cluster is removed: pgcascade creates 15/main itself.
chroot "$root" pg_dropcluster --stop 15 main 2>/dev/null || true
rm -rf "$root"/var/cache/apt/archives/*.deb
for m in dev/pts dev proc sys; do umount "$root/$m"; done
cp -L "$root/vmlinuz" "$work/vmlinuz"; cp -L "$root/initrd.img" "$work/initrd.img"
mkfs.ext4 -q -L rootfs -d "$root" "$work/rootfs.raw" "$size"
qemu-img convert -O qcow2 "$work/rootfs.raw" "$work/rootfs.qcow2"
mv "$work/vmlinuz" "$work/initrd.img" "$work/rootfs.qcow2" "$out/"
echo "built: $out"
