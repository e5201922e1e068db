#!/usr/bin/python3
"""Writes the image fixtures of image_metadata_test.cpp into OUTDIR.

Usage: /usr/bin/python3 make_image_fixtures.py OUTDIR
       PIISCAN_IMAGE_FIXTURES=OUTDIR <unit test binary> "[image]"

Needs Debian's python3-pil and python3-piexif (hence /usr/bin/python3, not a pyenv python).
All values are synthetic: "Erika Musterfrau" is the German placeholder name, the GPS position
is Munich's Marienplatz, the addresses use example.de.

  party.jpg     EXIF Artist, Copyright, CameraOwnerName, BodySerialNumber, XPAuthor (UCS-2)
                and GPS 48.137154 N / 11.576124 E, plus an XMP packet (dc:creator,
                Iptc4xmpExt:PersonInImage, MP RegionInfo person name)
  logo.png      no metadata at all
  exifloop.jpg  bad-inputs.md D07: IFD0 whose ExifIFD pointer and next-IFD offset point at
                itself (40 bytes)
"""

import io
import struct
import sys
from fractions import Fraction
from pathlib import Path

import piexif
from PIL import Image

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:MP="http://ns.microsoft.com/photo/1.2/"
    xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
    xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">
   <dc:creator><rdf:Seq><rdf:li>Erika Musterfrau</rdf:li></rdf:Seq></dc:creator>
   <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Max Mustermann</rdf:li></rdf:Bag>
   </Iptc4xmpExt:PersonInImage>
   <MP:RegionInfo rdf:parseType="Resource">
    <MPRI:Regions><rdf:Bag><rdf:li rdf:parseType="Resource">
     <MPReg:PersonDisplayName>Jana Beispiel</MPReg:PersonDisplayName>
     <MPReg:Rectangle>0.1, 0.1, 0.2, 0.2</MPReg:Rectangle>
    </rdf:li></rdf:Bag></MPRI:Regions>
   </MP:RegionInfo>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def dms(value):
    """Degrees, minutes, seconds as EXIF rationals (seconds to 1/10000)."""
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction(round((value - degrees - minutes / 60) * 3600 * 10000), 10000)
    return ((degrees, 1), (minutes, 1), (seconds.numerator, seconds.denominator))


def app1_xmp_segment():
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + XMP.encode("utf-8")
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def write_party_jpg(path):
    exif = {
        "0th": {
            piexif.ImageIFD.Artist: b"Erika Musterfrau",
            piexif.ImageIFD.Copyright: b"(c) Erika Musterfrau, erika.musterfrau@example.de",
            piexif.ImageIFD.XPAuthor: tuple("Erika Musterfrau".encode("utf-16-le") + b"\0\0"),
        },
        "Exif": {
            piexif.ExifIFD.CameraOwnerName: b"Max Mustermann",
            piexif.ExifIFD.BodySerialNumber: b"SN-0000-4711",
        },
        "GPS": {
            piexif.GPSIFD.GPSLatitudeRef: b"N",
            piexif.GPSIFD.GPSLatitude: dms(48.137154),
            piexif.GPSIFD.GPSLongitudeRef: b"E",
            piexif.GPSIFD.GPSLongitude: dms(11.576124),
        },
    }
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, "JPEG", exif=piexif.dump(exif))
    jpeg = buffer.getvalue()
    # The XMP segment goes right after SOI (before the Exif APP1 is fine for readers).
    path.write_bytes(jpeg[:2] + app1_xmp_segment() + jpeg[2:])


def write_logo_png(path):
    Image.new("RGBA", (8, 8), (0, 90, 160, 255)).save(path, "PNG")


def write_exifloop_jpg(path):
    tiff = (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
            + struct.pack("<HHII", 0x8769, 4, 1, 8)  # ExifIFD pointer -> offset 8 (itself)
            + struct.pack("<I", 8))                  # next IFD -> itself
    app1 = b"Exif\x00\x00" + tiff
    path.write_bytes(b"\xff\xd8\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xd9")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_image_fixtures.py OUTDIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write_party_jpg(out / "party.jpg")
    write_logo_png(out / "logo.png")
    write_exifloop_jpg(out / "exifloop.jpg")


if __name__ == "__main__":
    main()
