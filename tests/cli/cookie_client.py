# examples/cookie_client.cpp's twin: urllib with an http.cookiejar jar.
import http.cookiejar
import sys
import urllib.error
import urllib.request

base = sys.argv[1]
user = sys.argv[2] if len(sys.argv) > 2 else "alice"
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

try:
    page = opener.open(base + "/private")
except urllib.error.HTTPError as e:
    page = e
print(page.status, page.read().decode(), end="")

page = opener.open(base + "/login", data=("user=" + user).encode())
print(page.status, page.read().decode(), end="")

for c in jar:
    print("cookie", c.name, "for", c.domain + c.path, "HttpOnly" if c.has_nonstandard_attr("HttpOnly") else "")
