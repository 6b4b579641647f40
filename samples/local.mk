# The sample driver, linked into a kernel with the in-tree SDK.  The same
# source is what vendors copy (samples/skeleton).
noinst_PROGRAMS += samples/sample.xen
samples_sample_xen_SOURCES = samples/skeleton/src/skeleton.c

# Boot the sample kernel under Xen and show its console.
boot: samples/sample.xen sdk/xenpv-run
	$(SHELL) sdk/xenpv-run samples/sample.xen
.PHONY: boot
