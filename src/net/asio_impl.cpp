// Asio's and Asio SSL's function bodies, compiled once for the whole library
// (every other file sees declarations only: ASIO_SEPARATE_COMPILATION).
#include <asio/impl/src.hpp>
#include <asio/ssl/impl/src.hpp>
