/* vfs.h: the VFS of every connection (vfs.c): the default one, with the frames of a commit
 * written to the write-ahead log in one system call. */
#ifndef ZF_STORE_VFS_H
#define ZF_STORE_VFS_H

/* Registers it as the default VFS; once, before the first connection. Returns 0 or -1 (the
 * default VFS is then used as it is). */
int store_vfs_register(void);

#endif
