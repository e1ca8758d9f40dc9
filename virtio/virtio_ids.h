/* SPDX-License-Identifier: MIT */
/*
 * virtio_ids.h - virtio device IDs (virtio 1.2 section 5, "Device Types";
 * the numbers of Linux's include/uapi/linux/virtio_ids.h). virtio-mmio
 * reads DeviceID 0 for a placeholder: no device (4.2.3.1.1).
 */
#ifndef VIRTIO_IDS_H
#define VIRTIO_IDS_H

#define VIRTIO_ID_NET 1		    /* 5.1 network card */
#define VIRTIO_ID_BLOCK 2	    /* 5.2 block device */
#define VIRTIO_ID_CONSOLE 3	    /* 5.3 console */
#define VIRTIO_ID_RNG 4		    /* 5.4 entropy source */
#define VIRTIO_ID_BALLOON 5	    /* traditional memory balloon */
#define VIRTIO_ID_IOMEM 6	    /* ioMemory */
#define VIRTIO_ID_RPMSG 7	    /* remote processor messaging */
#define VIRTIO_ID_SCSI 8	    /* SCSI host */
#define VIRTIO_ID_9P 9		    /* 9P transport */
#define VIRTIO_ID_MAC80211_WLAN 10  /* mac80211 wlan */
#define VIRTIO_ID_RPROC_SERIAL 11   /* remote processor serial link */
#define VIRTIO_ID_CAIF 12	    /* virtio CAIF */
#define VIRTIO_ID_MEMORY_BALLOON 13 /* memory balloon */
#define VIRTIO_ID_GPU 16	    /* GPU device */
#define VIRTIO_ID_CLOCK 17	    /* timer/clock device */
#define VIRTIO_ID_INPUT 18	    /* input device */
#define VIRTIO_ID_VSOCK 19	    /* socket device */
#define VIRTIO_ID_CRYPTO 20	    /* crypto device */
#define VIRTIO_ID_SIGNAL_DIST 21    /* signal distribution module */
#define VIRTIO_ID_PSTORE 22	    /* pstore device */
#define VIRTIO_ID_IOMMU 23	    /* IOMMU device */
#define VIRTIO_ID_MEM 24	    /* memory device */
#define VIRTIO_ID_SOUND 25	    /* sound device */
#define VIRTIO_ID_FS 26		    /* file system device */
#define VIRTIO_ID_PMEM 27	    /* PMEM device */
#define VIRTIO_ID_RPMB 28	    /* RPMB device */
#define VIRTIO_ID_MAC80211_HWSIM 29 /* mac80211 hwsim wireless simulation */
#define VIRTIO_ID_VIDEO_ENCODER 30  /* video encoder device */
#define VIRTIO_ID_VIDEO_DECODER 31  /* video decoder device */
#define VIRTIO_ID_SCMI 32	    /* SCMI device */
#define VIRTIO_ID_NITRO_SEC_MOD 33  /* NitroSecureModule */
#define VIRTIO_ID_I2C_ADAPTER 34    /* I2C adapter */
#define VIRTIO_ID_WATCHDOG 35	    /* watchdog */
#define VIRTIO_ID_CAN 36	    /* CAN device */
#define VIRTIO_ID_DMABUF 37	    /* dmabuf */
#define VIRTIO_ID_PARAM_SERV 38	    /* parameter server */
#define VIRTIO_ID_AUDIO_POLICY 39   /* audio policy device */
#define VIRTIO_ID_BT 40		    /* Bluetooth device */
#define VIRTIO_ID_GPIO 41	    /* GPIO device */

#endif /* VIRTIO_IDS_H */
