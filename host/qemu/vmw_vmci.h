/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmw-vmci: what the balloon host needs of the VMCI device
 *
 * Copyright (c) 2026 The balloonbench authors
 */
#ifndef HW_I386_VMW_VMCI_H
#define HW_I386_VMW_VMCI_H

#include "qom/object.h"

#define TYPE_VMW_VMCI "vmw-vmci"

int vmw_vmci_ring(Object *obj, uint32_t context, uint32_t resource);

#endif /* HW_I386_VMW_VMCI_H */
