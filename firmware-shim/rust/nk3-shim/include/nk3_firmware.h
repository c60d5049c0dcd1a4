/* The C ABI of nk3-shim's real firmware (src/firmware.rs): the FIDO application of NK3 firmware
 * v1.3.1, fido-authenticator 0.1.1 on trussed 0.1.0 (both from the crate registry), on a trussed
 * platform whose internal flash is littlefs (littlefs2 0.3.2) over a block device the caller
 * provides. docs/real-firmware.md describes the platform.
 *
 * Contract:
 * - One instance at a time per process: trussed 0.1.0 keeps its client interchange in static
 *   memory. nk3fw_new returns NULL while another instance exists (free it first).
 * - No function unwinds into the caller. A Rust panic inside (the firmware panics on filesystem
 *   errors) halts the instance, as the key's panic handler halts it until the next power-up:
 *   that call and every later one return NK3FW_ERR_HALTED; only nk3fw_free helps.
 * - A block device callback that returns non-zero (a power cut) turns the instance off: the
 *   flash is not touched again (reads see 0xFF, writes are dropped), the call returns
 *   NK3FW_ERR_OFF when the firmware gets back to it, and so does every later call. Callbacks
 *   are called synchronously on the caller's thread and must not unwind.
 * - The board callbacks: user_presence returns 0 (no touch), 1 (a touch) or 2 (a strong touch);
 *   trussed polls it while the app waits for a touch, and every 0 counts as 10 ms of waiting on
 *   top of uptime_ms, so that a clock standing still during one call cannot hang it.
 *   uptime_ms: milliseconds since power-up (made monotonic by the glue). Either may be NULL.
 * - Not thread safe.
 */
#ifndef NK3_FIRMWARE_H
#define NK3_FIRMWARE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    NK3FW_OK = 0,
    NK3FW_ERR_INVAL = -22,   /* a NULL argument or an unknown request */
    NK3FW_ERR_MOUNT = -100,  /* littlefs did not mount the internal flash */
    NK3FW_ERR_STATE = -102,  /* not in the state the call needs (e.g. ctap2 before boot) */
    NK3FW_ERR_SIZE = -103,   /* the request is too long or the response buffer too small */
    NK3FW_ERR_HALTED = -1000, /* a panic halted the firmware */
    NK3FW_ERR_OFF = -1001,    /* the flash failed (a power cut) or nk3fw_power_off */
};

enum {
    NK3FW_STATE_NEW = 0,     /* created, not booted */
    NK3FW_STATE_RUNNING = 1, /* booted */
    NK3FW_STATE_HALTED = 2,  /* a panic */
    NK3FW_STATE_OFF = 3,     /* a cut or nk3fw_power_off */
};

/* The internal flash geometry; littlefs2 0.3.2 fixes it at compile time, one per board. */
enum {
    /* NK3A mini, firmware v1.3.0 = v1.3.1: 288 blocks of 256 B; littlefs read 4, prog 256,
     * cache 256, LOOKAHEADWORDS_SIZE 2 (littlefs2 0.3.2 passes lookahead_size 64). */
    NK3FW_GEOMETRY_NK3AM_MINI = 1,
};

/* The internal flash, in littlefs's terms (the same shape as nk3lfs_device). */
typedef struct nk3fw_device {
    void* context;
    int (*read)(void* context, uint32_t block, uint32_t offset, uint8_t* buffer, uint32_t size);
    int (*prog)(void* context, uint32_t block, uint32_t offset, const uint8_t* buffer,
                uint32_t size);
    int (*erase)(void* context, uint32_t block);
} nk3fw_device;

typedef struct nk3fw_board {
    void* context;
    int (*user_presence)(void* context);
    uint64_t (*uptime_ms)(void* context);
} nk3fw_board;

typedef struct nk3fw_config {
    uint32_t geometry;          /* NK3FW_GEOMETRY_* */
    uint8_t seed[32];           /* the board TRNG: ChaCha8 seeded with this */
    uint32_t skip_up_timeout_ms; /* fido-authenticator Config::skip_up_timeout; 0: none */
    uint32_t max_msg_size;      /* fido-authenticator Config::max_msg_size; 0: 3072 */
} nk3fw_config;

typedef struct nk3fw nk3fw;

/* A new, unbooted instance (nothing touches the device yet); NULL for NULL arguments, an
 * unknown geometry, or while another instance exists. */
nk3fw* nk3fw_new(const nk3fw_config* config, const nk3fw_device* internal,
                 const nk3fw_board* board);
/* Frees the instance in any state (NULL is ignored). */
void nk3fw_free(nk3fw* fw);
/* NK3FW_STATE_*; NULL is NK3FW_STATE_OFF. */
int nk3fw_state(const nk3fw* fw);

/* Boots: mounts littlefs on the internal flash (no format: a flash that does not mount is
 * NK3FW_ERR_MOUNT and the instance stays new), formats the RAM filesystems, creates the trussed
 * service and the FIDO app (client "fido"). The app loads its state at its first request. */
int nk3fw_boot(nk3fw* fw);

/* One CTAP2 request: `request` is the CTAPHID CBOR payload (command byte first), as
 * fido-authenticator's ctaphid dispatch gets it. On NK3FW_OK, `response` holds
 * *response_size bytes: the CTAP status byte, then the CBOR response (0x00 + CBOR on success).
 * NK3FW_ERR_SIZE with *response_size set when `capacity` is too small (the response is lost). */
int nk3fw_ctap2(nk3fw* fw, const uint8_t* request, uint32_t request_size, uint8_t* response,
                uint32_t capacity, uint32_t* response_size);

/* The message of the last panic caught in the instance (the one that halted it, or one after
 * its cut), NUL-terminated and truncated to capacity - 1 bytes; returns its full length (0:
 * none). Panic messages carry no location (Rust prints that on stderr). */
uint32_t nk3fw_panic_message(const nk3fw* fw, char* buffer, uint32_t capacity);

/* The power goes: the firmware's RAM is dropped and the instance is off. */
void nk3fw_power_off(nk3fw* fw);

#ifdef __cplusplus
}
#endif

#endif
