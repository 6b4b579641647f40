/*
 * The XenbusState handshake from the backend's side, and the parsing of
 * what a frontend writes: pure functions, tested on the host
 * (tests/unit/test-xenpvback.c).  See Xen's include/public/io/xenbus.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <xen/io/xenbus.h>
#include "internal.h"

/* What to do when the frontend is in frontend_state and we are in
 * backend_state.  Connecting waits for Initialised (or Connected, from a
 * frontend that skips it); a frontend that closes takes us with it; one
 * that starts again (Initialising) after we closed gets InitWait. */
enum xpvb_action xpvb_handshake(int backend_state, long frontend_state)
{
	switch (frontend_state) {
	case XenbusStateUnknown:
	case XenbusStateInitWait:
	case XenbusStateReconfiguring:
	case XenbusStateReconfigured:
		return XPVB_NOTHING;
	case XenbusStateInitialising:
		return backend_state == XenbusStateClosed ? XPVB_REOPEN : XPVB_NOTHING;
	case XenbusStateInitialised:
	case XenbusStateConnected:
		return backend_state == XenbusStateInitWait ? XPVB_CONNECT : XPVB_NOTHING;
	case XenbusStateClosing:
		return backend_state == XenbusStateClosing || backend_state == XenbusStateClosed ?
			XPVB_NOTHING : XPVB_CLOSING;
	case XenbusStateClosed:
		return backend_state == XenbusStateClosed ? XPVB_NOTHING : XPVB_CLOSED;
	}
	return XPVB_BAD_STATE;
}

/* A decimal number, nothing before or after it, no greater than max. */
int xpvb_parse_ulong(const char *s, unsigned long max, unsigned long *value)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end || errno || v > max)
		return -EINVAL;
	*value = v;
	return 0;
}

const char *xpvb_state_name(long state)
{
	static const char *const names[] = {
		"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
		"Closing", "Closed", "Reconfiguring", "Reconfigured",
	};

	return state >= 0 && state < (long)(sizeof(names) / sizeof(names[0])) ? names[state] : "(not a state)";
}
