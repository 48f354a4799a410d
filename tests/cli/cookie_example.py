# examples/cookie_example.cpp's twin: http.cookies as Python's documentation
# shows it (the test compares what the two print).
from http.cookies import SimpleCookie

c = SimpleCookie()
c["fig"] = "newton"
c["sugar"] = "wafer"
print(c.output())

c = SimpleCookie()
c["rocky"] = "road"
c["rocky"]["path"] = "/cookie"
print(c.output(header="Cookie:"))
print(c.output(attrs=[], header="Cookie:"))

c = SimpleCookie()
c.load("chips=ahoy; vienna=finger")
print(c.output())

c = SimpleCookie()
c.load('keebler="E=everybody; L=\\"Loves\\"; fudge=\\073;";')
print(c.output())
print(c["keebler"].value)

c = SimpleCookie()
c["oreo"] = "doublestuff"
c["oreo"]["path"] = "/"
c["oreo"]["httponly"] = True
c["oreo"]["max-age"] = 3600
print(c.output())

c = SimpleCookie()
c["twix"] = "none for you; or me"
print(c["twix"].value)
print(c["twix"].coded_value)
print(c.output())
