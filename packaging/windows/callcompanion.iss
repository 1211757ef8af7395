; The Windows installer: a per-user install (no administrator prompt) of the onedir build, with
; a Start-menu entry and an optional start at sign-in.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\callcompanion.iss
;
; Reads dist\callcompanion\ (pyinstaller callcompanion.spec) and writes
; dist\callcompanion-VERSION-windows-x64-setup.exe. Silent install, e.g. for a smoke test:
;   callcompanion-…-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /DIR="C:\somewhere"

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z callcompanion.iss
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\callcompanion"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; Never change AppId: Windows finds earlier installs (for updates and uninstall) by it.
AppId={{5E0C3A8B-7F64-4C1D-9B2E-6A9D2F4C8E17}
AppName=callcompanion
AppVersion={#AppVersion}
AppVerName=callcompanion {#AppVersion}
AppPublisher=callcompanion
AppComments=Call timer, checklists and Zendesk summaries beside customer calls
VersionInfoVersion={#AppVersion}
; Per user: %LOCALAPPDATA%\Programs\callcompanion, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\callcompanion
DefaultGroupName=callcompanion
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=callcompanion-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\callcompanion.ico
UninstallDisplayIcon={app}\callcompanion.exe
UninstallDisplayName=callcompanion
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; A running copy is asked to close (Restart Manager) before its files are replaced.
CloseApplications=yes
RestartApplications=no
#ifdef Sign
; Code signing (the release workflow, with a certificate): iscc /DSign "/Ssigntool=<command> $f"
; signs the installer and the uninstaller it writes.
SignTool=signtool
SignedUninstaller=yes
#endif

[Tasks]
Name: "startatlogin"; Description: "Start callcompanion when I sign in"; GroupDescription: "Start-up:"; Flags: unchecked
Name: "desktopicon"; Description: "Create a desktop shortcut"; GroupDescription: "Shortcuts:"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version replaces the whole folder: no stale library from an older build is loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\callcompanion"; Filename: "{app}\callcompanion.exe"; Comment: "Call timer beside customer calls"
Name: "{autodesktop}\callcompanion"; Filename: "{app}\callcompanion.exe"; Tasks: desktopicon

[Registry]
; The same value Settings → "Start callcompanion when I log in" writes: it starts in the tray.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "callcompanion"; ValueData: """{app}\callcompanion.exe"" --tray"; Tasks: startatlogin; Flags: uninsdeletevalue

[Run]
Filename: "{app}\callcompanion.exe"; Description: "Start callcompanion now"; Flags: nowait postinstall skipifsilent
