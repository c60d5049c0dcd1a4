/* The C ABI of nk3-shim's littlefs glue (src/littlefs.rs): the real littlefs C library
 * (v2.2.1, from the crate littlefs2-sys 0.1.7) over a block device the caller provides.
 *
 * Contract:
 * - Every function returns 0 or a positive count on success and a negative littlefs error code
 *   (LFS_ERR_*, values below) on failure. None of them panics or unwinds into the caller: a
 *   Rust panic inside is caught and reported as NK3LFS_ERR_PANIC.
 * - The block device callbacks are called synchronously from within these functions, on the
 *   caller's thread. They return 0 or a negative error (NK3LFS_ERR_IO for a failed operation);
 *   they must not unwind.
 * - An nk3lfs handle is not thread safe; distinct handles are independent. nk3lfs_clone only
 *   reads its source, so several threads may clone one handle at once while nobody changes it.
 * - Paths are NUL-terminated, absolute or relative to the root, '/'-separated.
 */
#ifndef NK3_LITTLEFS_H
#define NK3_LITTLEFS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* littlefs's error codes (lfs.h enum lfs_error), and one of the glue's own. */
enum {
    NK3LFS_OK = 0,
    NK3LFS_ERR_IO = -5,
    NK3LFS_ERR_CORRUPT = -84,
    NK3LFS_ERR_NOENT = -2,
    NK3LFS_ERR_EXIST = -17,
    NK3LFS_ERR_NOTDIR = -20,
    NK3LFS_ERR_ISDIR = -21,
    NK3LFS_ERR_NOTEMPTY = -39,
    NK3LFS_ERR_BADF = -9,
    NK3LFS_ERR_FBIG = -27,
    NK3LFS_ERR_INVAL = -22,
    NK3LFS_ERR_NOSPC = -28,
    NK3LFS_ERR_NOMEM = -12,
    NK3LFS_ERR_NOATTR = -61,
    NK3LFS_ERR_NAMETOOLONG = -36,
    NK3LFS_ERR_PANIC = -1000, /* a Rust panic inside the glue, caught at the boundary */
};

enum { NK3LFS_TYPE_REG = 1, NK3LFS_TYPE_DIR = 2 };

typedef struct nk3lfs_device {
    void* context;
    int (*read)(void* context, uint32_t block, uint32_t offset, uint8_t* buffer, uint32_t size);
    int (*prog)(void* context, uint32_t block, uint32_t offset, const uint8_t* buffer,
                uint32_t size);
    int (*erase)(void* context, uint32_t block);
} nk3lfs_device;

/* littlefs's struct lfs_config, less the callbacks and buffers (the glue owns those). */
typedef struct nk3lfs_config {
    uint32_t read_size;
    uint32_t prog_size;
    uint32_t block_size;
    uint32_t block_count;
    int32_t block_cycles; /* -1: no wear levelling (the NK3's setting) */
    uint32_t cache_size;
    uint32_t lookahead_size;
    uint32_t name_max; /* 0: littlefs's default (255) */
} nk3lfs_config;

typedef struct nk3lfs nk3lfs;

/* littlefs's LFS_VERSION and LFS_DISK_VERSION (major << 16 | minor). */
uint32_t nk3lfs_version(void);
uint32_t nk3lfs_disk_version(void);

/* A new, unmounted handle; NULL when the configuration breaks littlefs's rules (cache a
 * multiple of read and prog, dividing the block; lookahead a positive multiple of 8; ...). */
nk3lfs* nk3lfs_new(const nk3lfs_config* config, const nk3lfs_device* device);
void nk3lfs_free(nk3lfs* fs);
/* A deep copy, mounted state included (caches, allocator window, global state). Only for a
 * handle with no operation in progress; NULL on allocation failure. */
nk3lfs* nk3lfs_clone(const nk3lfs* fs);
/* Points the handle at another block device (after a clone into another stack). */
void nk3lfs_set_device(nk3lfs* fs, const nk3lfs_device* device);

int nk3lfs_format(nk3lfs* fs);
int nk3lfs_mount(nk3lfs* fs);
int nk3lfs_unmount(nk3lfs* fs);
int nk3lfs_mounted(const nk3lfs* fs);

/* Whole-file operations, as littlefs2's Filesystem::read / write do them: read opens
 * read-only; write opens with CREAT | TRUNC (a new file commits an empty entry first), writes,
 * and closes (the data is committed at close).
 * Read: one open for both the file's size, into *size, and, when it fits in capacity, its
 * content into buffer (returns the bytes read); when it does not fit, nothing is read and the
 * call returns 0 with *size larger than capacity. */
int nk3lfs_read_file_sized(nk3lfs* fs, const char* path, uint8_t* buffer, uint32_t capacity,
                           uint32_t* size);
int nk3lfs_write_file(nk3lfs* fs, const char* path, const uint8_t* data, uint32_t size);

int nk3lfs_mkdir(nk3lfs* fs, const char* path);
int nk3lfs_remove(nk3lfs* fs, const char* path);
int nk3lfs_rename(nk3lfs* fs, const char* from, const char* to);
/* type: NK3LFS_TYPE_REG or NK3LFS_TYPE_DIR; size: bytes (files). */
int nk3lfs_stat(nk3lfs* fs, const char* path, uint8_t* type, uint32_t* size);
/* Calls visit for every entry of the directory but "." and "..", in littlefs's order. visit
 * returns 0 to go on, anything else to stop (then returned). */
int nk3lfs_list(nk3lfs* fs, const char* path,
                int (*visit)(void* context, const char* name, uint8_t type, uint32_t size),
                void* context);
/* Blocks in use (lfs_fs_size), and every block littlefs references (lfs_fs_traverse; a block
 * may be reported more than once). */
int nk3lfs_fs_size(nk3lfs* fs);
int nk3lfs_traverse(nk3lfs* fs, int (*visit)(void* context, uint32_t block), void* context);

#ifdef __cplusplus
}
#endif

#endif
