/*
 * skeleton: a sample xenpv driver module.  Copy this directory, rename
 * the module, and make it drive your device.
 */
#include <xenpv/kernel.h>
#include <xenpv/module.h>

#define SKELETON_SLOTS 16

static unsigned int slots[SKELETON_SLOTS];

static int skeleton_init(void)
{
	unsigned int i, sum = 0;

	for (i = 0; i < SKELETON_SLOTS; i++) {
		slots[i] = i * i;
		sum += slots[i];
	}
	pr_info("skeleton: initialised %u slots (checksum %u)\n", SKELETON_SLOTS, sum);
	return 0;
}

static void skeleton_exit(void)
{
	pr_info("skeleton: goodbye\n");
}

XENPV_MODULE(skeleton, skeleton_init, skeleton_exit);
