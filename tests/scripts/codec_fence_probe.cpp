// Compiled by CTest (codec_fence) with the codec library's include path: each
// of these must stop the build, as it would in a codec source.
#if defined(PROBE_ASIO)
#include <asio/buffer.hpp>
#elif defined(PROBE_OPENSSL)
#include <openssl/ssl.h>
#elif defined(PROBE_FSTREAM)
#include <fstream>
#elif defined(PROBE_SOCKET)
#include <sys/socket.h>
#endif
