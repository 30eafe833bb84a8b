// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmw-vmci: the VMware VMCI guest device, as much of it as doorbells need
 *
 * A conventional PCI function (15ad:0740) with the legacy I/O register
 * window in BAR0 and one MSI vector.  The guest's datagrams go to the
 * QEMU-free core in vmw-balloon-host/vmci_core.c; the balloon host rings
 * a doorbell through vmw_vmci_ring().  There is no BAR1, so a Linux guest
 * stays in I/O mode, and no DMA datagrams.
 *
 * Copyright (c) 2026 The balloonbench authors
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/pci/msi.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "trace.h"
#include "vmw_vmci.h"
#include "vmw-balloon-host/vmci_core.h"

OBJECT_DECLARE_SIMPLE_TYPE(VMWVMCIState, VMW_VMCI)

struct VMWVMCIState {
    PCIDevice parent_obj;

    MemoryRegion io;
    struct vmci_core core;
    uint32_t context_id;
    uint32_t icr;
    uint32_t imr;
    bool int_enabled;
};

static void vmw_vmci_notify(VMWVMCIState *s, uint32_t cause)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    s->icr |= cause;
    if ((s->imr & cause) && s->int_enabled && msi_enabled(pdev)) {
        msi_notify(pdev, 0);
    }
}

/**
 * vmw_vmci_ring() - ring a doorbell the guest linked
 * @obj: the vmw-vmci device
 * @context: the doorbell's context
 * @resource: the doorbell's resource
 *
 * Returns: 0, or a negative errno when there is no such doorbell or no
 * notification bitmap to set it in.
 */
int vmw_vmci_ring(Object *obj, uint32_t context, uint32_t resource)
{
    VMWVMCIState *s = VMW_VMCI(obj);
    int ret = vmci_core_ring(&s->core, context, resource);

    trace_vmw_vmci_ring(context, resource, ret);
    if (!ret) {
        vmw_vmci_notify(s, VMCI_ICR_NOTIFICATION);
    }
    return ret;
}

static uint64_t vmw_vmci_read(void *opaque, hwaddr addr, unsigned size)
{
    VMWVMCIState *s = opaque;
    uint64_t val;

    switch (addr) {
    case VMCI_REG_STATUS:
        val = s->int_enabled;
        break;
    case VMCI_REG_ICR:
        /* Reading acknowledges. */
        val = s->icr;
        s->icr = 0;
        break;
    case VMCI_REG_IMR:
        val = s->imr;
        break;
    case VMCI_REG_CAPS:
        val = VMCI_CORE_CAPS;
        break;
    case VMCI_REG_RESULT_LOW:
        val = (uint32_t)s->core.result;
        break;
    case VMCI_REG_RESULT_HIGH:
        val = (uint32_t)((uint64_t)s->core.result >> 32);
        break;
    case VMCI_REG_DATA_IN:
        /* No datagram is ever queued for the guest. */
        val = UINT32_MAX;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "vmw-vmci: read of register 0x%"
                      HWADDR_PRIx "\n", addr);
        val = 0;
        break;
    }
    return val & MAKE_64BIT_MASK(0, size * 8);
}

static void vmw_vmci_reset_state(VMWVMCIState *s)
{
    vmci_core_reset(&s->core);
    s->icr = 0;
    s->imr = 0;
    s->int_enabled = false;
}

static void vmw_vmci_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    VMWVMCIState *s = opaque;
    unsigned i;

    switch (addr) {
    case VMCI_REG_CONTROL:
        if (val & VMCI_CONTROL_RESET) {
            vmw_vmci_reset_state(s);
        }
        if (val & VMCI_CONTROL_INT_ENABLE) {
            s->int_enabled = true;
        }
        if (val & VMCI_CONTROL_INT_DISABLE) {
            s->int_enabled = false;
        }
        break;
    case VMCI_REG_IMR:
        s->imr = val & (VMCI_ICR_DATAGRAM | VMCI_ICR_NOTIFICATION);
        break;
    case VMCI_REG_CAPS:
        vmci_core_set_caps(&s->core, val);
        break;
    case VMCI_REG_DATA_OUT:
        for (i = 0; i < size; i++) {
            if (vmci_core_data_out(&s->core, val >> (8 * i))) {
                trace_vmw_vmci_datagram(s->core.result);
            }
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "vmw-vmci: write of 0x%" PRIx64
                      " to register 0x%" HWADDR_PRIx "\n", val, addr);
        break;
    }
}

static const MemoryRegionOps vmw_vmci_io_ops = {
    .read = vmw_vmci_read,
    .write = vmw_vmci_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
};

/* Only RAM may hold the bitmap: a write to ROM or a device is refused. */
static bool vmw_vmci_writable_frame(void *opaque, uint64_t ppn)
{
    hwaddr gpa = ppn << VMCI_PAGE_SHIFT;
    MemoryRegionSection section;
    bool ram;

    section = memory_region_find(get_system_memory(), gpa,
                                 1 << VMCI_PAGE_SHIFT);
    if (!section.mr) {
        return false;
    }
    ram = memory_region_is_ram(section.mr) &&
          !memory_region_is_rom(section.mr) &&
          !memory_region_is_romd(section.mr) &&
          !memory_region_is_ram_device(section.mr) &&
          int128_get64(section.size) == 1 << VMCI_PAGE_SHIFT;
    memory_region_unref(section.mr);
    return ram;
}

static int vmw_vmci_guest_write(void *opaque, uint64_t gpa, const void *buf,
                                size_t len)
{
    PCIDevice *pdev = opaque;

    return pci_dma_write(pdev, gpa, buf, len) == MEMTX_OK ? 0 : -1;
}

static const struct vmci_core_ops vmw_vmci_core_ops = {
    .writable_frame = vmw_vmci_writable_frame,
    .write = vmw_vmci_guest_write,
};

static void vmw_vmci_realize(PCIDevice *pdev, Error **errp)
{
    VMWVMCIState *s = VMW_VMCI(pdev);

    if (s->context_id <= VMCI_HOST_CONTEXT ||
        s->context_id == VMCI_INVALID_ID) {
        error_setg(errp, "vmw-vmci: context-id=%" PRIu32 " is out of range "
                   "(3 to %" PRIu32 ")", s->context_id, VMCI_INVALID_ID - 1);
        return;
    }
    vmci_core_init(&s->core, &vmw_vmci_core_ops, pdev, s->context_id);
    memory_region_init_io(&s->io, OBJECT(s), &vmw_vmci_io_ops, s,
                          "vmw-vmci-io", VMCI_BAR0_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_IO, &s->io);
    /* The 6.1 guest's threaded IRQ without ONESHOT is refused on INTx. */
    msi_init(pdev, 0, 1, true, false, errp);
}

static void vmw_vmci_exit(PCIDevice *pdev)
{
    msi_uninit(pdev);
}

static void vmw_vmci_device_reset(DeviceState *dev)
{
    vmw_vmci_reset_state(VMW_VMCI(dev));
}

static void vmw_vmci_get_stat(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    VMWVMCIState *s = VMW_VMCI(obj);

    visit_type_uint64(v, name, &s->core.stats[(uintptr_t)opaque], errp);
}

/*
 * Reason: the doorbell links and the notification bitmap's address live
 * only here; a migrated guest would lose its doorbells.
 */
static const VMStateDescription vmstate_vmw_vmci = {
    .name = TYPE_VMW_VMCI,
    .unmigratable = 1,
};

static Property vmw_vmci_properties[] = {
    /* The guest's VMCI context ID, as GET_CONTEXT_ID answers it. */
    DEFINE_PROP_UINT32("context-id", VMWVMCIState, context_id, 3),
    DEFINE_PROP_END_OF_LIST(),
};

static void vmw_vmci_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);
    uintptr_t i;

    k->realize = vmw_vmci_realize;
    k->exit = vmw_vmci_exit;
    k->vendor_id = VMCI_PCI_VENDOR_VMWARE;
    k->device_id = VMCI_PCI_DEVICE;
    k->class_id = PCI_CLASS_SYSTEM_OTHER;
    dc->reset = vmw_vmci_device_reset;
    dc->vmsd = &vmstate_vmw_vmci;
    dc->desc = "VMware VMCI (datagrams and doorbells only)";
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    device_class_set_props(dc, vmw_vmci_properties);

    for (i = 0; i < VMCI_STAT_NUM; i++) {
        object_class_property_add(klass, vmci_stat_names[i], "uint64",
                                  vmw_vmci_get_stat, NULL, NULL, (void *)i);
    }
}

static const TypeInfo vmw_vmci_info = {
    .name = TYPE_VMW_VMCI,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(VMWVMCIState),
    .class_init = vmw_vmci_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void vmw_vmci_register_types(void)
{
    type_register_static(&vmw_vmci_info);
}

type_init(vmw_vmci_register_types)
