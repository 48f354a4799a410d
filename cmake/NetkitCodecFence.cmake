# The compiler's half of the layer rules (scripts/check_layers is the other):
# netkit_codec_fence(TARGET) puts ahead of the system's headers a folder of
# headers with the names of Asio's, OpenSSL's, the POSIX I/O headers and the
# standard library's file and stream I/O, each of which stops the build with
# an #error naming the rule. A codec source that includes one of them does
# not compile.

# Asio's and OpenSSL's headers, every one, wherever the system has them.
find_path(NETKIT_ASIO_INCLUDE_DIR asio.hpp REQUIRED)
file(GLOB_RECURSE netkit_fenced RELATIVE ${NETKIT_ASIO_INCLUDE_DIR}
    ${NETKIT_ASIO_INCLUDE_DIR}/asio.hpp ${NETKIT_ASIO_INCLUDE_DIR}/asio/*)
file(GLOB_RECURSE netkit_fenced_openssl RELATIVE ${OPENSSL_INCLUDE_DIR} ${OPENSSL_INCLUDE_DIR}/openssl/*)
list(APPEND netkit_fenced ${netkit_fenced_openssl}
    # What reads files or sockets belongs to L2 and above (DESIGN.md).
    # (Not <unistd.h>: libstdc++'s own <atomic> includes it; check_layers
    # holds that one.)
    fstream filesystem iostream
    fcntl.h dirent.h sys/socket.h sys/stat.h sys/un.h sys/sendfile.h sys/uio.h
    netinet/in.h netinet/tcp.h arpa/inet.h netdb.h poll.h sys/epoll.h linux/openat2.h
    curl/curl.h)

set(NETKIT_FENCE_DIR ${CMAKE_BINARY_DIR}/codec-fence)
foreach(header ${netkit_fenced})
    set(stub ${NETKIT_FENCE_DIR}/${header})
    if(NOT EXISTS ${stub})
        file(WRITE ${stub} "#error \"<${header}> in a codec (L0/L1): no Asio, OpenSSL, sockets or file I/O \
below net/ (DESIGN.md, Layers)\"\n")
    endif()
endforeach()

function(netkit_codec_fence target)
    target_include_directories(${target} BEFORE PRIVATE ${NETKIT_FENCE_DIR})
endfunction()
