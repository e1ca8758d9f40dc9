/* SPDX-License-Identifier: MIT */
/*
 * virtio.c - device core of the driver model: status, features,
 * configuration access, and the driver's own rule checks (S14).
 */
#include "virtio.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "virtio_ids.h"
#include "virtio_mmio_regs.h"

void virtio_add_status(struct virtio_device *vdev, uint8_t add)
{
	uint8_t old = vdev->status;
	uint8_t status = old | add;

	/* 3.1.1: the driver sets the bits in this order */
	if ((old & VIRTIO_CONFIG_S_FAILED) && add != VIRTIO_CONFIG_S_FAILED)
		virtio_driver_bug(
			vdev,
			"%s: status 0x%02x after FAILED without a reset (3.1.1: reset first)",
			vdev->name, status);
	else if ((add & VIRTIO_CONFIG_S_DRIVER) &&
		 !(status & VIRTIO_CONFIG_S_ACKNOWLEDGE))
		virtio_driver_bug(
			vdev, "%s: DRIVER set before ACKNOWLEDGE (3.1.1 order)",
			vdev->name);
	else if ((add & VIRTIO_CONFIG_S_FEATURES_OK) &&
		 !(status & VIRTIO_CONFIG_S_DRIVER))
		virtio_driver_bug(
			vdev, "%s: FEATURES_OK set before DRIVER (3.1.1 order)",
			vdev->name);
	else if ((add & VIRTIO_CONFIG_S_DRIVER_OK) && !vdev->legacy &&
		 !(status & VIRTIO_CONFIG_S_FEATURES_OK))
		virtio_driver_bug(
			vdev,
			"%s: DRIVER_OK set before FEATURES_OK (3.1.1 order)",
			vdev->name);
	vdev->config->set_status(vdev, status);
}

int virtio_reset_device(struct virtio_device *vdev)
{
	return vdev->config->reset(vdev);
}

uint64_t virtio_get_features(struct virtio_device *vdev)
{
	vdev->offered = vdev->config->get_features(vdev);
	vdev->features_read = true;
	return vdev->offered;
}

int virtio_features_ok(struct virtio_device *vdev)
{
	uint8_t st;
	int err;

	if (!vdev->features_read)
		virtio_get_features(vdev);
	/* 2.2.1: accept only offered bits */
	if (vdev->features & ~vdev->offered)
		virtio_driver_bug(
			vdev,
			"%s: accepting features 0x%016" PRIx64
			" the device did not offer (offered 0x%016" PRIx64 ")",
			vdev->name, vdev->features & ~vdev->offered,
			vdev->offered);
	/* Linux's virtio_features_ok: a transport that refuses the features
	 * fails the probe */
	err = vdev->config->finalize_features(vdev);
	if (err)
		return err;
	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
		return 0; /* legacy: no FEATURES_OK step (L3) */
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	/* 3.1.1: re-read and check FEATURES_OK is still set */
	st = vdev->config->get_status(vdev);
	vdev->status = st;
	if (!(st & VIRTIO_CONFIG_S_FEATURES_OK))
		return -ENODEV;
	return 0;
}

void virtio_device_ready(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}

void virtio_cread(struct virtio_device *vdev, unsigned offset, void *buf,
		  unsigned len)
{
	unsigned tries = 0;
	uint32_t before, after;

	/* 2.5.1: read until the generation is the same on both sides */
	do {
		before = vdev->config->generation(vdev);
		vdev->config->get(vdev, offset, buf, len);
		after = vdev->config->generation(vdev);
	} while (before != after && ++tries < 1000);
	if (before != after)
		sim_report(
			vdev->hw->sim, SIM_ERROR, "virtio.config",
			"%s: configuration at offset %u never stable over 1000 reads",
			vdev->name, offset);
}

uint8_t virtio_cread8(struct virtio_device *vdev, unsigned offset)
{
	uint8_t v;

	virtio_cread(vdev, offset, &v, 1);
	return v;
}

uint16_t virtio_cread16(struct virtio_device *vdev, unsigned offset)
{
	uint16_t v;

	virtio_cread(vdev, offset, &v, 2);
	return v;
}

uint32_t virtio_cread32(struct virtio_device *vdev, unsigned offset)
{
	uint32_t v;

	virtio_cread(vdev, offset, &v, 4);
	return v;
}

uint64_t virtio_cread64(struct virtio_device *vdev, unsigned offset)
{
	uint64_t v;

	virtio_cread(vdev, offset, &v, 8);
	return v;
}

void virtio_cread_bytes(struct virtio_device *vdev, unsigned offset, void *buf,
			unsigned len)
{
	unsigned tries = 0, i;
	uint32_t before, after;

	do {
		before = vdev->config->generation(vdev);
		for (i = 0; i < len; i++)
			vdev->config->get(vdev, offset + i, (uint8_t *)buf + i,
					  1);
		after = vdev->config->generation(vdev);
	} while (before != after && ++tries < 1000);
	if (before != after)
		sim_report(
			vdev->hw->sim, SIM_ERROR, "virtio.config",
			"%s: configuration bytes at offset %u never stable over 1000 reads",
			vdev->name, offset);
}

void virtio_cwrite(struct virtio_device *vdev, unsigned offset, const void *buf,
		   unsigned len)
{
	vdev->config->set(vdev, offset, buf, len);
}

void virtio_cwrite8(struct virtio_device *vdev, unsigned offset, uint8_t v)
{
	virtio_cwrite(vdev, offset, &v, 1);
}

void virtio_cwrite16(struct virtio_device *vdev, unsigned offset, uint16_t v)
{
	virtio_cwrite(vdev, offset, &v, 2);
}

void virtio_cwrite32(struct virtio_device *vdev, unsigned offset, uint32_t v)
{
	virtio_cwrite(vdev, offset, &v, 4);
}

const char *virtio_id_name(uint32_t id)
{
	/* device IDs: spec 5 and Linux include/uapi/linux/virtio_ids.h */
	static const char *const names[] = {
		[VIRTIO_ID_NET] = "net",
		[VIRTIO_ID_BLOCK] = "block",
		[VIRTIO_ID_CONSOLE] = "console",
		[VIRTIO_ID_RNG] = "rng",
		[VIRTIO_ID_BALLOON] = "balloon",
		[VIRTIO_ID_IOMEM] = "iomem",
		[VIRTIO_ID_RPMSG] = "rpmsg",
		[VIRTIO_ID_SCSI] = "scsi",
		[VIRTIO_ID_9P] = "9p",
		[VIRTIO_ID_MAC80211_WLAN] = "mac80211-wlan",
		[VIRTIO_ID_RPROC_SERIAL] = "rproc-serial",
		[VIRTIO_ID_CAIF] = "caif",
		[VIRTIO_ID_MEMORY_BALLOON] = "memory-balloon",
		[VIRTIO_ID_GPU] = "gpu",
		[VIRTIO_ID_CLOCK] = "clock",
		[VIRTIO_ID_INPUT] = "input",
		[VIRTIO_ID_VSOCK] = "vsock",
		[VIRTIO_ID_CRYPTO] = "crypto",
		[VIRTIO_ID_SIGNAL_DIST] = "signal-dist",
		[VIRTIO_ID_PSTORE] = "pstore",
		[VIRTIO_ID_IOMMU] = "iommu",
		[VIRTIO_ID_MEM] = "mem",
		[VIRTIO_ID_SOUND] = "sound",
		[VIRTIO_ID_FS] = "fs",
		[VIRTIO_ID_PMEM] = "pmem",
		[VIRTIO_ID_RPMB] = "rpmb",
		[VIRTIO_ID_MAC80211_HWSIM] = "mac80211-hwsim",
		[VIRTIO_ID_VIDEO_ENCODER] = "video-encoder",
		[VIRTIO_ID_VIDEO_DECODER] = "video-decoder",
		[VIRTIO_ID_SCMI] = "scmi",
		[VIRTIO_ID_NITRO_SEC_MOD] = "nitro-sec-mod",
		[VIRTIO_ID_I2C_ADAPTER] = "i2c-adapter",
		[VIRTIO_ID_WATCHDOG] = "watchdog",
		[VIRTIO_ID_CAN] = "can",
		[VIRTIO_ID_DMABUF] = "dmabuf",
		[VIRTIO_ID_PARAM_SERV] = "param-serv",
		[VIRTIO_ID_AUDIO_POLICY] = "audio-policy",
		[VIRTIO_ID_BT] = "bt",
		[VIRTIO_ID_GPIO] = "gpio",
	};

	if (id < sizeof(names) / sizeof(names[0]) && names[id])
		return names[id];
	return "unknown";
}
