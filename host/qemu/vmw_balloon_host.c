// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmw-balloon-host: a VMware balloon host for x86 guests
 *
 * An ISA device that answers the VMware balloon backdoor (a 32-bit IN on
 * port 0x5670 with the "Elmo" magic in EAX).  This file only maps registers,
 * guest memory, clocks and QOM properties onto the protocol core in
 * vmw-balloon-host/, which has no QEMU dependencies.
 *
 * Copyright (c) 2026 The balloonbench authors
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qapi-types-machine.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/rcu.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "qom/object.h"
#include "cpu.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/i386/x86.h"
#include "hw/isa/isa.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "sysemu/balloon.h"
#include "sysemu/hostmem.h"
#include "sysemu/hw_accel.h"
#include "sysemu/sysemu.h"
#include "trace.h"
#include "vmw_vmci.h"
#include "vmw-balloon-host/balloon_host.h"

#define TYPE_VMW_BALLOON_HOST "vmw-balloon-host"
OBJECT_DECLARE_SIMPLE_TYPE(VMWBalloonHostState, VMW_BALLOON_HOST)

struct VMWBalloonHostState {
    ISADevice parent_obj;

    MemoryRegion io;
    struct balloon_host host;
    char *trace_path;
    /* The user chose the capabilities; a VMCI device does not change them. */
    bool caps_set;
    Notifier machine_done;
};

/* Below this a sleep overshoots; the rest of a hold is spun. */
#define VMW_BALLOON_HOST_SPIN_NS (200 * SCALE_US)

/*
 * The modelled host cost: the calling vCPU stays in the host that long, as
 * on a real hypervisor, so the guest sees it as time spent in the call.
 */
static void vmw_balloon_host_hold(uint64_t ns)
{
    int64_t end = get_clock() + ns;

    if (ns > VMW_BALLOON_HOST_SPIN_NS) {
        g_usleep((ns - VMW_BALLOON_HOST_SPIN_NS) / SCALE_US);
    }
    while (get_clock() < end) {
        /* spin */
    }
}

static uint64_t vmw_balloon_host_read(void *opaque, hwaddr addr,
                                      unsigned size)
{
    VMWBalloonHostState *s = opaque;
    CPUState *cs = current_cpu;
    CPUX86State *env;
    struct bh_regs regs;
    uint64_t hold_ns, guest_errors, trace_errors, trace_dropped;

    /* A read from the monitor (HMP "i") has no vCPU and no registers. */
    if (!cs) {
        warn_report_once("vmw-balloon-host: port 0x%x read outside a vCPU "
                         "(the monitor?): answered all ones",
                         VMW_BALLOON_PORT);
        return UINT32_MAX;
    }
    env = &X86_CPU(cs)->env;
    cpu_synchronize_state(cs);
    regs.rax = env->regs[R_EAX];
    regs.rbx = env->regs[R_EBX];
    regs.rcx = env->regs[R_ECX];
    regs.rsi = env->regs[R_ESI];
    regs.irqs_masked = !(env->eflags & IF_MASK);
    trace_vmw_balloon_host_call(regs.rcx, regs.rbx, regs.rsi);

    guest_errors = s->host.stats[BH_STAT_GUEST_ERRORS];
    trace_errors = s->host.stats[BH_STAT_TRACE_ERRORS];
    trace_dropped = s->host.stats[BH_STAT_TRACE_DROPPED];
    hold_ns = balloon_host_call(&s->host, &regs);
    if (s->host.stats[BH_STAT_TRACE_ERRORS] != trace_errors) {
        warn_report("vmw-balloon-host: cannot write trace file '%s': the "
                    "trace stops here", s->trace_path);
    } else if (!trace_dropped && s->host.stats[BH_STAT_TRACE_DROPPED]) {
        warn_report("vmw-balloon-host: trace file '%s' reached "
                    "trace-max-mib: the trace stops here", s->trace_path);
    }

    trace_vmw_balloon_host_reply(regs.rax, regs.rbx, regs.rcx);
    if (s->host.stats[BH_STAT_GUEST_ERRORS] != guest_errors) {
        qemu_log_mask(LOG_GUEST_ERROR, "vmw-balloon-host: bad request: cmd %"
                      PRIu64 " arg1 0x%" PRIx64 " arg2 0x%" PRIx64
                      " answered %s\n", env->regs[R_ECX], env->regs[R_EBX],
                      env->regs[R_ESI], bh_status_name((uint32_t)regs.rax));
    }
    env->regs[R_EBX] = regs.rbx;
    env->regs[R_ECX] = regs.rcx;
    /* Under KVM the synchronised registers are written back: EAX too. */
    env->regs[R_EAX] = (uint32_t)regs.rax;
    /*
     * The call is done and answered; only the vCPU waits.  Without the big
     * lock, so that QMP, the monitor and signals are served meanwhile.
     */
    if (hold_ns) {
        qemu_mutex_unlock_iothread();
        vmw_balloon_host_hold(hold_ns);
        qemu_mutex_lock_iothread();
    }
    return (uint32_t)regs.rax;
}

static void vmw_balloon_host_write(void *opaque, hwaddr addr, uint64_t val,
                                   unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "vmw-balloon-host: guest wrote to the balloon port\n");
}

static const MemoryRegionOps vmw_balloon_host_ops = {
    .read = vmw_balloon_host_read,
    .write = vmw_balloon_host_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static int vmw_balloon_host_guest_read(void *opaque, uint64_t gpa, void *buf,
                                       size_t len)
{
    return address_space_read(&address_space_memory, gpa,
                              MEMTXATTRS_UNSPECIFIED, buf, len) == MEMTX_OK
           ? 0 : -1;
}

static int vmw_balloon_host_guest_write(void *opaque, uint64_t gpa,
                                        const void *buf, size_t len)
{
    return address_space_write(&address_space_memory, gpa,
                               MEMTXATTRS_UNSPECIFIED, buf, len) == MEMTX_OK
           ? 0 : -1;
}

/*
 * Frames of [host, host + len) that hold host memory now.  A frame the
 * guest never touched (or that was discarded and not touched since) is not
 * resident, and discarding it gives the host nothing back.
 */
static uint64_t vmw_balloon_host_resident_frames(void *host, uint64_t len,
                                                 size_t pagesize)
{
    unsigned char vec[4096];
    uint64_t off, chunk, i, pages = 0;

    for (off = 0; off < len; off += chunk) {
        chunk = MIN(len - off, (uint64_t)sizeof(vec) * pagesize);
        if (mincore((char *)host + off, chunk, vec)) {
            return 0;
        }
        for (i = 0; i < chunk / pagesize; i++) {
            pages += vec[i] & 1;
        }
    }
    return pages * (pagesize >> VMW_BALLOON_FRAME_SHIFT);
}

/*
 * Free the host memory behind guest frames, as virtio-balloon does: a
 * punched hole for file or memfd RAM, MADV_DONTNEED for anonymous RAM.  The
 * guest's next touch faults in a zero page.
 */
static int vmw_balloon_host_discard(void *opaque, uint64_t pfn,
                                    uint64_t frames, uint64_t *freed)
{
    hwaddr gpa = pfn << VMW_BALLOON_FRAME_SHIFT;
    uint64_t len = frames << VMW_BALLOON_FRAME_SHIFT;
    MemoryRegionSection section;
    ram_addr_t rb_offset;
    RAMBlock *rb;
    void *host;
    int ret = -1;

    if (ram_block_discard_is_disabled()) {
        return -1;
    }
    section = memory_region_find(get_system_memory(), gpa, len);
    if (!section.mr) {
        return -1;
    }
    if (memory_region_is_ram(section.mr) && !memory_region_is_rom(section.mr) &&
        !memory_region_is_romd(section.mr) &&
        int128_get64(section.size) == len) {
        host = memory_region_get_ram_ptr(section.mr) +
               section.offset_within_region;
        rb = qemu_ram_block_from_host(host, false, &rb_offset);
        /* Huge host pages cannot be freed 4 KiB at a time. */
        if (rb && QEMU_IS_ALIGNED(rb_offset | len, qemu_ram_pagesize(rb))) {
            *freed = vmw_balloon_host_resident_frames(host, len,
                                                      qemu_ram_pagesize(rb));
            ret = ram_block_discard_range(rb, rb_offset, len);
        } else {
            warn_report_once("vmw-balloon-host: backing page size too large "
                             "to free ballooned memory");
        }
    }
    memory_region_unref(section.mr);
    return ret ? -1 : 0;
}

static uint64_t vmw_balloon_host_guest_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static Object *vmw_balloon_host_vmci(void)
{
    return object_resolve_path_type("", TYPE_VMW_VMCI, NULL);
}

static int vmw_balloon_host_ring_doorbell(void *opaque, uint64_t ctx,
                                          uint64_t res)
{
    Object *vmci = vmw_balloon_host_vmci();

    if (!vmci || ctx > UINT32_MAX || res > UINT32_MAX) {
        return -1;
    }
    return vmw_vmci_ring(vmci, ctx, res) ? -1 : 0;
}

static const struct bh_guest_ops vmw_balloon_host_guest_ops = {
    .read = vmw_balloon_host_guest_read,
    .write = vmw_balloon_host_guest_write,
    .discard = vmw_balloon_host_discard,
    .guest_ns = vmw_balloon_host_guest_ns,
    .ring_doorbell = vmw_balloon_host_ring_doorbell,
};

/*
 * The PC's legacy window: VGA, option ROMs and the BIOS.  What it maps
 * changes at run time (SMRAM, PAM shadowing) and no guest owns it as RAM,
 * so it is never the balloon's, whatever the map says now.
 */
#define VMW_BALLOON_HOST_LEGACY_START 0xa0000
#define VMW_BALLOON_HOST_LEGACY_END   0x100000

static void vmw_balloon_host_add_ram(VMWBalloonHostState *s, uint64_t first,
                                     uint64_t end)
{
    if (end <= first) {
        return;
    }
    if (balloon_host_add_ram(&s->host, first >> VMW_BALLOON_FRAME_SHIFT,
                             (end - first) >> VMW_BALLOON_FRAME_SHIFT)) {
        warn_report("vmw-balloon-host: guest RAM at 0x%" PRIx64 "-0x%" PRIx64
                    " not ballooned (more than %d RAM ranges)", first,
                    end - 1, FRAME_MAP_MAX_RANGES);
    }
}

/*
 * One range of the machine's memory map: the guest may balloon it, and
 * keep a batch page there, only if it is guest RAM, a memory backend's
 * (the machine's RAM, a NUMA node's, a DIMM's): not video or device RAM,
 * not MMIO, not ROM, not a hole, not the legacy window.  RAM above 4 GiB
 * counts wherever the machine put it.
 */
static bool vmw_balloon_host_map_range(Int128 start, Int128 len,
                                       const MemoryRegion *mr,
                                       hwaddr offset_in_region, void *opaque)
{
    VMWBalloonHostState *s = opaque;
    MemoryRegion *ram = (MemoryRegion *)mr;
    uint64_t first, end;

    if (!memory_region_is_ram(ram) || memory_region_is_ram_device(ram) ||
        memory_region_is_rom(ram) || memory_region_is_romd(ram) ||
        !object_dynamic_cast(memory_region_owner(ram), TYPE_MEMORY_BACKEND)) {
        return false;
    }
    first = ROUND_UP(int128_get64(start), VMW_BALLOON_FRAME_SIZE);
    end = QEMU_ALIGN_DOWN(int128_get64(int128_add(start, len)),
                          VMW_BALLOON_FRAME_SIZE);
    if (first < VMW_BALLOON_HOST_LEGACY_END &&
        end > VMW_BALLOON_HOST_LEGACY_START) {
        vmw_balloon_host_add_ram(s, first,
                                 MIN(end, VMW_BALLOON_HOST_LEGACY_START));
        vmw_balloon_host_add_ram(s, MAX(first, VMW_BALLOON_HOST_LEGACY_END),
                                 end);
    } else {
        vmw_balloon_host_add_ram(s, first, end);
    }
    return false;
}

/*
 * The memory map is complete once the machine is: every device has put
 * its regions in.  ESXi offers the doorbell whenever the VM has VMCI; so
 * does this host, unless the caps were set by hand.
 */
static void vmw_balloon_host_machine_done(Notifier *notifier, void *data)
{
    VMWBalloonHostState *s = container_of(notifier, VMWBalloonHostState,
                                          machine_done);

    WITH_RCU_READ_LOCK_GUARD() {
        flatview_for_each_range(address_space_to_flatview(
                                    &address_space_memory),
                                vmw_balloon_host_map_range, s);
    }
    if (!s->host.frames.nr_ranges) {
        warn_report("vmw-balloon-host: no guest RAM found in the memory "
                    "map: every lock will be refused");
    }
    if (!s->caps_set && vmw_balloon_host_vmci()) {
        s->host.knobs[BH_KNOB_CAPS] |= VMW_BALLOON_CAP_SIGNALLED_WAKEUP;
        trace_vmw_balloon_host_knob("caps", s->host.knobs[BH_KNOB_CAPS]);
    }
}

/* The QMP "balloon" command names the guest's RAM size it should keep. */
static void vmw_balloon_host_to_target(void *opaque, ram_addr_t keep)
{
    VMWBalloonHostState *s = opaque;
    ram_addr_t ram_size = current_machine->ram_size;
    uint64_t frames = keep < ram_size ?
                      (ram_size - keep) >> VMW_BALLOON_FRAME_SHIFT : 0;

    trace_vmw_balloon_host_knob("target", frames);
    balloon_host_set_knob(&s->host, BH_KNOB_TARGET, frames);
}

static void vmw_balloon_host_stat(void *opaque, BalloonInfo *info)
{
    VMWBalloonHostState *s = opaque;

    info->actual = current_machine->ram_size -
                   (s->host.stats[BH_STAT_SIZE] << VMW_BALLOON_FRAME_SHIFT);
}

static void vmw_balloon_host_realize(DeviceState *dev, Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(dev);
    int ret;

    if (!object_dynamic_cast(qdev_get_machine(), TYPE_X86_MACHINE)) {
        error_setg(errp, "vmw-balloon-host needs an x86 PC machine");
        return;
    }
    if (qemu_add_balloon_handler(vmw_balloon_host_to_target,
                                 vmw_balloon_host_stat, s) < 0) {
        error_setg(errp, "Only one balloon device is supported");
        return;
    }
    /* Not before the one-device check, and never through a link. */
    if (s->trace_path) {
        int fd = qemu_create(s->trace_path, O_WRONLY | O_TRUNC | O_NOFOLLOW,
                             0644, errp);

        ret = fd < 0 ? -EIO : balloon_host_trace_fd(&s->host, fd);
        if (ret) {
            if (fd >= 0) {
                error_setg_errno(errp, -ret, "cannot write trace file '%s'",
                                 s->trace_path);
            }
            qemu_remove_balloon_handler(s);
            return;
        }
    }
    memory_region_init_io(&s->io, OBJECT(s), &vmw_balloon_host_ops, s,
                          TYPE_VMW_BALLOON_HOST, 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, VMW_BALLOON_PORT);
    s->machine_done.notify = vmw_balloon_host_machine_done;
    qemu_add_machine_init_done_notifier(&s->machine_done);
}

static void vmw_balloon_host_unrealize(DeviceState *dev)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(dev);

    qemu_remove_machine_init_done_notifier(&s->machine_done);
    qemu_remove_balloon_handler(s);
    balloon_host_destroy(&s->host);
}

static void vmw_balloon_host_reset(DeviceState *dev)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(dev);

    balloon_host_reset(&s->host);
}

static void vmw_balloon_host_instance_init(Object *obj)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);

    balloon_host_init(&s->host, &vmw_balloon_host_guest_ops, s);
}

static void vmw_balloon_host_instance_finalize(Object *obj)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);

    balloon_host_destroy(&s->host);
}

static void vmw_balloon_host_get_knob(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);

    visit_type_uint64(v, name, &s->host.knobs[(uintptr_t)opaque], errp);
}

static void vmw_balloon_host_set_knob(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);
    enum bh_knob knob = (enum bh_knob)(uintptr_t)opaque;
    uint64_t value;

    if (!visit_type_uint64(v, name, &value, errp)) {
        return;
    }
    if (balloon_host_set_knob(&s->host, knob, value)) {
        /* -1 arrives as 2^64-1: show what the user wrote. */
        if (value > INT64_MAX) {
            error_setg(errp, "vmw-balloon-host: %s=%" PRId64 " is out of "
                       "range: %s", name, (int64_t)value,
                       bh_knob_ranges[knob].allowed);
        } else {
            error_setg(errp, "vmw-balloon-host: %s=%" PRIu64 " is out of "
                       "range: %s", name, value,
                       bh_knob_ranges[knob].allowed);
        }
        return;
    }
    if (knob == BH_KNOB_CAPS) {
        s->caps_set = true;
    }
    trace_vmw_balloon_host_knob(name, value);
}

static void vmw_balloon_host_get_stat(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);

    visit_type_uint64(v, name, &s->host.stats[(uintptr_t)opaque], errp);
}

/* The guest frames that may be ballooned: "first-last,..." in hex. */
static char *vmw_balloon_host_get_ram_ranges(Object *obj, Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);
    const struct frame_map *map = &s->host.frames;
    GString *out = g_string_new("");
    unsigned int i;

    for (i = 0; i < map->nr_ranges; i++) {
        g_string_append_printf(out, "%s0x%" PRIx64 "-0x%" PRIx64,
                               i ? "," : "", map->ram_first[i],
                               map->ram_first[i] + map->ram_frames[i] - 1);
    }
    return g_string_free(out, false);
}

/* The target within max-percent and max-mib: what the balloon can reach. */
static void vmw_balloon_host_get_capped(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);
    uint64_t target = balloon_host_capped_target(&s->host);

    visit_type_uint64(v, name, &target, errp);
}

/*
 * The guest's virtual clock now: under -icount the conductor times
 * settle_s on it, so that what fits in it does not depend on how busy the
 * host is.
 */
static void vmw_balloon_host_get_guest_clock(Object *obj, Visitor *v,
                                             const char *name, void *opaque,
                                             Error **errp)
{
    uint64_t now = vmw_balloon_host_guest_ns(NULL);

    visit_type_uint64(v, name, &now, errp);
}

static void vmw_balloon_host_get_counts(Visitor *v, const char *name,
                                        uint64_t *counts, Error **errp)
{
    unsigned int cmd;

    if (!visit_start_struct(v, name, NULL, 0, errp)) {
        return;
    }
    for (cmd = 0; cmd < VMW_BALLOON_CMD_NUM; cmd++) {
        if (vmw_balloon_cmd_names[cmd] &&
            !visit_type_uint64(v, vmw_balloon_cmd_names[cmd], &counts[cmd],
                               errp)) {
            break;
        }
    }
    visit_check_struct(v, errp);
    visit_end_struct(v, NULL);
}

/* Calls per command, keyed by the stock driver's debugfs names. */
static void vmw_balloon_host_get_calls(Object *obj, Visitor *v,
                                       const char *name, void *opaque,
                                       Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);

    vmw_balloon_host_get_counts(v, name, s->host.calls, errp);
}

static void vmw_balloon_host_get_failed(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);

    vmw_balloon_host_get_counts(v, name, s->host.failed, errp);
}

static void vmw_balloon_host_get_granted(Object *obj, Visitor *v,
                                         const char *name, void *opaque,
                                         Error **errp)
{
    VMWBalloonHostState *s = VMW_BALLOON_HOST(obj);
    uint32_t caps = s->host.granted_caps;

    visit_type_uint32(v, name, &caps, errp);
}

/*
 * Reason: the locked-frame bitmap and the discarded host memory are not
 * migrated; a migrated guest would keep pages the destination never freed.
 */
static const VMStateDescription vmstate_vmw_balloon_host = {
    .name = TYPE_VMW_BALLOON_HOST,
    .unmigratable = 1,
};

static Property vmw_balloon_host_properties[] = {
    /* CSV command trace, one line per backdoor call (host/core/cmd_trace.h) */
    DEFINE_PROP_STRING("trace", VMWBalloonHostState, trace_path),
    DEFINE_PROP_END_OF_LIST(),
};

static void vmw_balloon_host_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    uintptr_t i;

    dc->realize = vmw_balloon_host_realize;
    dc->unrealize = vmw_balloon_host_unrealize;
    dc->reset = vmw_balloon_host_reset;
    dc->vmsd = &vmstate_vmw_balloon_host;
    dc->desc = "VMware balloon host (backdoor port 0x5670)";
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    device_class_set_props(dc, vmw_balloon_host_properties);

    /* Settable on -device and at run time with qom-set. */
    for (i = 0; i < BH_KNOB_NUM; i++) {
        object_class_property_add(klass, bh_knob_names[i], "uint64",
                                  vmw_balloon_host_get_knob,
                                  vmw_balloon_host_set_knob, NULL, (void *)i);
    }
    /* Read-only counters. */
    for (i = 0; i < BH_STAT_NUM; i++) {
        object_class_property_add(klass, bh_stat_names[i], "uint64",
                                  vmw_balloon_host_get_stat, NULL, NULL,
                                  (void *)i);
    }
    object_class_property_add(klass, "calls", "VMWBalloonCounts",
                              vmw_balloon_host_get_calls, NULL, NULL, NULL);
    object_class_property_add(klass, "failed", "VMWBalloonCounts",
                              vmw_balloon_host_get_failed, NULL, NULL, NULL);
    object_class_property_add(klass, "granted-caps", "uint32",
                              vmw_balloon_host_get_granted, NULL, NULL, NULL);
    object_class_property_add(klass, "capped-target", "uint64",
                              vmw_balloon_host_get_capped, NULL, NULL, NULL);
    object_class_property_add(klass, "guest-clock-ns", "uint64",
                              vmw_balloon_host_get_guest_clock, NULL, NULL,
                              NULL);
    object_class_property_add_str(klass, "ram-ranges",
                                  vmw_balloon_host_get_ram_ranges, NULL);
}

static const TypeInfo vmw_balloon_host_info = {
    .name = TYPE_VMW_BALLOON_HOST,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(VMWBalloonHostState),
    .instance_init = vmw_balloon_host_instance_init,
    .instance_finalize = vmw_balloon_host_instance_finalize,
    .class_init = vmw_balloon_host_class_init,
};

static void vmw_balloon_host_register_types(void)
{
    type_register_static(&vmw_balloon_host_info);
}

type_init(vmw_balloon_host_register_types)
