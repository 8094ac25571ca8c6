"""Reading members of an export's zip into memory, never onto disk: a member's name is only
ever compared with others (so `../../x` or `/etc/x` can lead nowhere), its size is capped as
it is unpacked (a zip bomb declares little and unpacks much), and a zip cut short or damaged
is one clear line."""

from __future__ import annotations

import io
import zipfile
import zlib

from reader.core.imports.model import ImportFailed

MEMBER_CAP = 256 * 1024 * 1024  # one member unpacked: a metadata file of 10,000 articles is 10 MB
TOTAL_CAP = 2 * 1024 * 1024 * 1024  # everything unpacked
MAX_MEMBERS = 500_000


class Zip:
    def __init__(self, data: bytes, member_cap: int = MEMBER_CAP, total_cap: int = TOTAL_CAP):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.infos = [i for i in self.zip.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
            raise ImportFailed(f"not a whole zip file: it may be cut short or damaged ({error})") from None
        if len(self.infos) > MAX_MEMBERS:
            raise ImportFailed(f"{len(self.infos):,} files in the zip, more than the {MAX_MEMBERS:,} reader reads")
        self.names = {i.filename: i for i in self.infos}
        self.member_cap, self.left = member_cap, total_cap

    def read(self, name: str) -> bytes:
        """One member's bytes; ImportFailed if it is too large unpacked or damaged."""
        info = self.names[name]
        cap = min(self.member_cap, self.left)
        shown = name.encode("ascii", "backslashreplace").decode()[:120]
        too_large = f"{shown} in the zip is larger than {cap / 1024 / 1024:g} MB unpacked: not read (a zip bomb?)"
        if info.file_size > cap:
            raise ImportFailed(too_large)
        out = bytearray()
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(1024 * 1024):
                    out += chunk
                    if len(out) > cap:
                        raise ImportFailed(too_large)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
            raise ImportFailed(f"{shown} in the zip cannot be unpacked: the zip may be cut short ({error})") from None
        self.left -= len(out)
        return bytes(out)

    def text(self, name: str) -> str:
        try:
            return self.read(name).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            shown = name.encode("ascii", "backslashreplace").decode()[:120]
            raise ImportFailed(f"{shown} in the zip is not UTF-8 text (byte {error.start})") from None

    def matching(self, folder: str, prefix: str, suffix: str) -> list[str]:
        """Members `folder/prefix*suffix` (folder "" for the top), in name order."""
        found = []
        for name in self.names:
            head, _, base = name.rpartition("/")
            if head == folder and base.startswith(prefix) and base.endswith(suffix):
                found.append(name)
        return sorted(found)
