/*
 * skeleton-proto.h - the skeleton device's wire protocol, shared by both
 * halves of the split driver: the frontend (src/skeleton.c, a 32-bit
 * guest) and the backend (backend/skeleton-back.c, a 64-bit dom0
 * program).  Only fixed-size types and explicit padding, so that both
 * compilers lay the ring out alike; no kernel or libc headers beyond
 * <stdint.h>.
 *
 * The includer provides xen_mb/xen_rmb/xen_wmb for <xen/io/ring.h>
 * (<xenpv/xenbus.h> does in the guest; the backend defines them).
 *
 * xenstore, as the toolstack (here: skeleton-back create) lays it out:
 *     /local/domain/D/device/skeleton/N     the frontend: backend,
 *         backend-id, state; the frontend adds ring-ref, event-channel
 *     /local/domain/0/backend/skeleton/D/N  the backend: frontend,
 *         frontend-id, state
 * The backend offers max-ring-page-order; the frontend shares 2^N ring
 * pages, N the smaller of that and SKELETON_RING_ORDER (ring-page-order
 * and ring-ref0..; one page: ring-ref), and one event channel
 * (event-channel).
 */
#ifndef SKELETON_PROTO_H
#define SKELETON_PROTO_H

#include <stdint.h>
#include <xen/io/ring.h>

/* The xenstore device type: device/<type>/N.  Yours: see README. */
#define SKELETON_DEVICE_TYPE "skeleton"

/* The most ring pages, as an order, either half uses: 2 pages. */
#define SKELETON_RING_ORDER 1

/* Payload bytes a request or response carries inline. */
#define SKELETON_MAX_DATA 28

/* Operations. */
#define SKELETON_OP_REVERSE 1   /* the response's data is the request's, reversed */

/* Response status. */
#define SKELETON_STATUS_OK      0
#define SKELETON_STATUS_BADOP  (-1)   /* unknown operation */
#define SKELETON_STATUS_BADLEN (-2)   /* len is 0 or more than SKELETON_MAX_DATA */

struct skeleton_request {
	uint16_t id;                    /* echoed in the response */
	uint8_t op;                     /* SKELETON_OP_* */
	uint8_t len;                    /* bytes of data used */
	uint8_t data[SKELETON_MAX_DATA];
};

struct skeleton_response {
	uint16_t id;                    /* the request's */
	int8_t status;                  /* SKELETON_STATUS_* */
	uint8_t len;                    /* bytes of data used */
	uint8_t data[SKELETON_MAX_DATA];
};

/* struct skeleton_sring, skeleton_front_ring_t, skeleton_back_ring_t. */
DEFINE_RING_TYPES(skeleton, struct skeleton_request, struct skeleton_response);

#endif
