# Host-side tools: the runner and the PV32 hypervisor builder.
bin_SCRIPTS += sdk/xenpv-run sdk/xenpv-build-xen
EXTRA_DIST += sdk/xenpv-run.in sdk/xenpv-build-xen.in
