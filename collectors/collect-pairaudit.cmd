@echo off
rem Collects one Geo SCADA (ClearSCADA) server's settings into a pairaudit bundle folder, with tools built into Windows.
rem Usage: collect-pairaudit.cmd [output-folder] [instance] [role]
rem   output-folder  default: pairaudit-%COMPUTERNAME% (beside this script when started in the Windows folder)
rem   instance       Geo SCADA named instance (reads ClearSCADA-<instance>); "" for the default instance
rem   role           main, standby-a, standby-b, permanent-a .. permanent-d (optional)
rem Writes ClearSCADA.reg (reg export; reg-query.txt if export fails), volumes.json (Win32_Volume, through
rem powershell -NoProfile -Command, which runs whatever the execution policy; volumes.csv from wmic without it),
rem hostname.txt, ipconfig.txt, ip-addresses.json and host-names.json (with PowerShell), hosts, environment.json,
rem dbsize.json, Systems.xml, firewall.txt, firewall-profiles.txt, firewall.json and firewall-profiles.json (with PowerShell), w32tm-status.txt,
rem w32tm-configuration.txt, services.json, defender.json,
rem uninstall.reg, files.json (ClearSCADA-machine.reg too for a named instance) and bundle.json.
rem Before collecting it deletes those files (by name, nothing else) from the output folder if an earlier run left them.
rem Run it from an elevated command prompt. See collectors\README.md. Exit codes: 0 written, 2 cannot collect.
setlocal EnableExtensions DisableDelayedExpansion

set "OUT=%~1"
set "INSTANCE=%~2"
set "ROLE=%~3"
if "%ROLE%"=="" goto :roleok
for %%R in (main standby-a standby-b permanent-a permanent-b permanent-c permanent-d) do if /i "%ROLE%"=="%%R" goto :roleok
echo collect-pairaudit: role "%ROLE%" is not one of main, standby-a, standby-b, permanent-a, permanent-b, permanent-c, permanent-d 1>&2
exit /b 2
:roleok

if not "%OUT%"=="" goto :outset
set "OUT=pairaudit-%COMPUTERNAME%"
rem An elevated prompt starts in C:\Windows\System32: write beside the script instead.
set "HERE=%CD%\"
call set "REST=%%HERE:*%SystemRoot%\=%%"
if not "%REST%"=="%HERE%" set "OUT=%~dp0pairaudit-%COMPUTERNAME%"
:outset

rem 64-bit Windows: read the 64-bit registry view and run the 64-bit PowerShell, also from a 32-bit cmd.
set "REGVIEW="
set "PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
if /i "%PROCESSOR_ARCHITECTURE%"=="AMD64" set "REGVIEW=/reg:64"
if /i "%PROCESSOR_ARCHITECTURE%"=="ARM64" set "REGVIEW=/reg:64"
if defined PROCESSOR_ARCHITEW6432 (
  set "REGVIEW=/reg:64"
  set "PS=%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe"
)
set "HAVEPS="
if exist "%PS%" set "HAVEPS=1"
rem Unquoted: for /f cannot run a quoted program with quoted arguments (the Windows folder has no spaces).
set "PSRUN=%PS% -NoProfile -NonInteractive -Command"

net session >nul 2>&1 || echo collect-pairaudit: not running elevated: parts of the registry and some database folders may be unreadable; run it from an elevated command prompt 1>&2

rem Every file this script writes: deleted from the output folder before collecting, so none survives from an earlier run.
set "BUNDLEFILES=ClearSCADA.reg ClearSCADA-machine.reg uninstall.reg reg-query.txt volumes.json volumes.csv hostname.txt ipconfig.txt ip-addresses.json host-names.json hosts environment.json dbsize.json Systems.xml firewall.txt firewall-profiles.txt firewall.json firewall-profiles.json w32tm-status.txt w32tm-configuration.txt services.json defender.json files.json bundle.json"

set "KEYNAME=ClearSCADA"
if not "%INSTANCE%"=="" set "KEYNAME=ClearSCADA-%INSTANCE%"
set "KEY=HKLM\SOFTWARE\Schneider Electric\%KEYNAME%"
reg query "%KEY%" %REGVIEW% >nul 2>&1 && goto :found
set "KEY=HKLM\SOFTWARE\WOW6432Node\Schneider Electric\%KEYNAME%"
reg query "%KEY%" %REGVIEW% >nul 2>&1 && goto :found
echo collect-pairaudit: registry key HKLM\SOFTWARE\Schneider Electric\%KEYNAME% not found. Is Geo SCADA installed here? For a named instance pass it as the second argument. 1>&2
exit /b 2

:found
if not exist "%OUT%\" mkdir "%OUT%"
if not exist "%OUT%\" (
  echo collect-pairaudit: cannot create the folder %OUT% 1>&2
  exit /b 2
)
rem Never write into a folder the script copies from (the hosts file's, or the one holding Systems.xml).
set "OUTFULL="
for %%I in ("%OUT%\.") do set "OUTFULL=%%~fI"
if /i "%OUTFULL%"=="%SystemRoot%\System32\drivers\etc" goto :badfolder
if /i "%OUTFULL%"=="%ProgramData%\Schneider Electric\ClearSCADA" goto :badfolder
rem A folder reused from an earlier run (as in the README's examples) would keep that run's files, which pairaudit
rem would read as current: delete the files this script writes, by name, and nothing else.
for %%F in (%BUNDLEFILES%) do if exist "%OUT%\%%F" del /f /q "%OUT%\%%F" >nul 2>&1
set "STALE="
for %%F in (%BUNDLEFILES%) do if exist "%OUT%\%%F" set "STALE=%%F"
if defined STALE goto :stale
for %%F in ("%OUT%\*.reg") do echo collect-pairaudit: %%~nxF in %OUT% was not written by this script, but pairaudit applies every .reg of a bundle; remove it unless it belongs there 1>&2
set "PA_OUT=%OUT%"
set "PA_KEY=%KEY%"
call set "PA_MACHINEKEY=%%KEY:\%KEYNAME%=\ClearSCADA%%"

rem Collection time: ISO 8601 from PowerShell, else WMI's local time (20261120091722.456000+060); pairaudit reads both.
set "AT="
if defined HAVEPS for /f "usebackq delims=" %%T in (`%PSRUN% "Get-Date -Format o"`) do if not defined AT set "AT=%%T"
if not defined AT for /f "skip=1 tokens=1" %%T in ('wmic os get LocalDateTime 2^>nul') do if not defined AT set "AT=%%T"

reg export "%KEY%" "%OUT%\ClearSCADA.reg" /y %REGVIEW% >nul 2>&1
if not errorlevel 1 goto :exported
rem Only the fallback for the ClearSCADA key sits between the goto and :exported; every other file is written after it.
if exist "%OUT%\ClearSCADA.reg" del "%OUT%\ClearSCADA.reg"
echo collect-pairaudit: reg export failed; writing reg query output instead 1>&2
reg query "%KEY%" /s %REGVIEW% > "%OUT%\reg-query.txt"
if errorlevel 1 (
  echo collect-pairaudit: cannot read %KEY%; run the script from an elevated command prompt 1>&2
  exit /b 2
)
:exported
rem A named instance's driver registrations live in the machine-wide ClearSCADA key: export it beside.
if "%INSTANCE%"=="" goto :machinedone
reg query "%PA_MACHINEKEY%" %REGVIEW% >nul 2>&1 || goto :machinedone
reg export "%PA_MACHINEKEY%" "%OUT%\ClearSCADA-machine.reg" /y %REGVIEW% >nul 2>&1 || echo collect-pairaudit: reg export of %PA_MACHINEKEY% failed 1>&2
:machinedone
rem Windows' own record of the installed product (a documented layout): the tool picks the Geo SCADA entries.
reg export "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall" "%OUT%\uninstall.reg" /y %REGVIEW% >nul 2>&1 || echo collect-pairaudit: reg export of the Uninstall key failed 1>&2

rem Volumes with mount points (Win32_Volume); wmic (drive letters only, UTF-16LE) where PowerShell fails.
if not defined HAVEPS goto :wmicvolumes
%PSRUN% "$ErrorActionPreference='Stop'; ConvertTo-Json -InputObject @(Get-CimInstance -ClassName Win32_Volume | Select-Object Name, Label, FileSystem, DriveType, Capacity, FreeSpace) | Out-File -LiteralPath (Join-Path $env:PA_OUT 'volumes.json') -Encoding Unicode"
if not errorlevel 1 goto :volumesdone
del "%OUT%\volumes.json" 2>nul
:wmicvolumes
wmic logicaldisk get Caption,FreeSpace,Size /format:csv > "%OUT%\volumes.csv" 2>nul
if errorlevel 1 (
  del "%OUT%\volumes.csv" 2>nul
  echo collect-pairaudit: neither PowerShell nor wmic could list the volumes, so the bundle has none 1>&2
)
:volumesdone

rem The console's OEM code page (bundle.json "oemCodePage"): cmd's ">" writes hostname, ipconfig, w32tm and
rem netsh output in it when PowerShell is missing. chcp prints "Active code page: 850" (localised, the number last).
set "OEMCP="
for /f "tokens=2 delims=:" %%c in ('chcp') do set "OEMCP=%%c"
if defined OEMCP set "OEMCP=%OEMCP: =%"
if defined OEMCP set "OEMCP=%OEMCP:.=%"
rem The machine's ANSI code page (bundle.json "ansiCodePage"), the system locale's, which chcp does not show: the
rem encoding of a .reg file without a byte-order mark. reg query prints "    ACP    REG_SZ    1252"; anything but
rem digits is left out (bundle.json is read only with a number there).
set "ACP="
for /f "tokens=1,2,*" %%a in ('reg query "HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage" /v ACP 2^>nul') do if /i "%%a"=="ACP" set "ACP=%%c"
if defined ACP for /f "delims=0123456789" %%d in ("%ACP%") do set "ACP="

rem hostname and ipconfig print in the OEM code page; PowerShell decodes it and writes UTF-16LE.
if defined HAVEPS (
  %PSRUN% "hostname | Out-File -LiteralPath (Join-Path $env:PA_OUT 'hostname.txt') -Encoding Unicode; ipconfig /all | Out-File -LiteralPath (Join-Path $env:PA_OUT 'ipconfig.txt') -Encoding Unicode"
) else (
  hostname > "%OUT%\hostname.txt"
  ipconfig /all > "%OUT%\ipconfig.txt"
)
rem The addresses and names in any language, as Collect-PairAudit.ps1 writes them: Get-NetIPAddress with every enum
rem written with [string] (ConvertTo-Json of PowerShell 5.1 writes them as numbers); the host name and primary DNS
rem suffix ipconfig prints, each interface's connection-specific suffix and the suffix search list.
%PSRUN% "$ErrorActionPreference='Stop'; $r = @(Get-NetIPAddress | ForEach-Object { [ordered]@{ IPAddress = $_.IPAddress; InterfaceAlias = $_.InterfaceAlias; InterfaceIndex = $_.InterfaceIndex; AddressFamily = [string]$_.AddressFamily; AddressState = [string]$_.AddressState; PrefixOrigin = [string]$_.PrefixOrigin; SuffixOrigin = [string]$_.SuffixOrigin; SkipAsSource = $_.SkipAsSource } }); ConvertTo-Json -InputObject $r | Out-File -LiteralPath (Join-Path $env:PA_OUT 'ip-addresses.json') -Encoding UTF8"
if errorlevel 1 (
  del "%OUT%\ip-addresses.json" 2>nul
  echo collect-pairaudit: no ip-addresses.json: Get-NetIPAddress failed; pairaudit reads the addresses from ipconfig.txt instead 1>&2
)
%PSRUN% "$ErrorActionPreference='Stop'; $g = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties(); $n = [ordered]@{ HostName = $g.HostName; PrimaryDnsSuffix = $g.DomainName; ConnectionSpecificSuffixes = @([System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() | ForEach-Object { $_.GetIPProperties().DnsSuffix } | Where-Object { $_ }); SuffixSearchList = @((Get-DnsClientGlobalSetting).SuffixSearchList | Where-Object { $_ }) }; ConvertTo-Json -InputObject $n | Out-File -LiteralPath (Join-Path $env:PA_OUT 'host-names.json') -Encoding UTF8"
if errorlevel 1 (
  del "%OUT%\host-names.json" 2>nul
  echo collect-pairaudit: no host-names.json: PowerShell failed; pairaudit reads the DNS suffixes from ipconfig.txt instead 1>&2
)

copy /y "%SystemRoot%\System32\drivers\etc\hosts" "%OUT%\hosts" >nul || echo collect-pairaudit: cannot copy the hosts file 1>&2
if exist "%ProgramData%\Schneider Electric\ClearSCADA\Systems.xml" (
  copy /y "%ProgramData%\Schneider Electric\ClearSCADA\Systems.xml" "%OUT%\Systems.xml" >nul
) else (
  echo collect-pairaudit: no Systems.xml: no client connections are set up on this server 1>&2
)

rem Firewall and time: the tools' own text, as UTF-16LE through PowerShell (as the PowerShell script writes
rem it), else in the OEM code page.
if defined HAVEPS (
  %PSRUN% "$o = $env:PA_OUT; netsh advfirewall firewall show rule name=all dir=in verbose | Out-File -LiteralPath (Join-Path $o 'firewall.txt') -Encoding Unicode; netsh advfirewall show allprofiles | Out-File -LiteralPath (Join-Path $o 'firewall-profiles.txt') -Encoding Unicode; w32tm /query /status | Out-File -LiteralPath (Join-Path $o 'w32tm-status.txt') -Encoding Unicode; w32tm /query /configuration | Out-File -LiteralPath (Join-Path $o 'w32tm-configuration.txt') -Encoding Unicode"
) else (
  netsh advfirewall firewall show rule name=all dir=in verbose > "%OUT%\firewall.txt"
  netsh advfirewall show allprofiles > "%OUT%\firewall-profiles.txt"
  w32tm /query /status > "%OUT%\w32tm-status.txt"
  w32tm /query /configuration > "%OUT%\w32tm-configuration.txt"
)

if not defined HAVEPS (
  echo collect-pairaudit: PowerShell is not available, so the bundle has no environment.json or dbsize.json 1>&2
  goto :manifest
)
%PSRUN% "$pf = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }; [ordered]@{ ProgramData = $env:ProgramData; ProgramFiles = $pf; 'ProgramFiles(x86)' = ${env:ProgramFiles(x86)}; SystemDrive = $env:SystemDrive; SystemRoot = $env:SystemRoot } | ConvertTo-Json | Out-File -LiteralPath (Join-Path $env:PA_OUT 'environment.json') -Encoding UTF8"
rem Database location folders: the Locations values as written (%%VAR%% kept), else the vendor's default folder.
%PSRUN% "$ErrorActionPreference='Stop'; $v = if ([Environment]::Is64BitOperatingSystem) { 'Registry64' } else { 'Default' }; $k = [Microsoft.Win32.RegistryKey]::OpenBaseKey('LocalMachine', $v).OpenSubKey(($env:PA_KEY -replace '^HKLM\\', '') + '\Locations'); $l = @(); if ($k) { foreach ($n in $k.GetValueNames()) { $r = $k.GetValue($n, $null, 'DoNotExpandEnvironmentNames'); if ($r -is [string] -and $r -ne '') { $l += [pscustomobject]@{ Location = $n; Path = $r } } } }; if ($l.Count -eq 0) { $l = @([pscustomobject]@{ Location = ''; Path = '%%ProgramData%%\Schneider Electric\ClearSCADA\Database' }) }; $s = foreach ($x in $l) { $f = [Environment]::ExpandEnvironmentVariables($x.Path); $b = $null; $p = $null; if (-not (Test-Path -LiteralPath $f -PathType Container)) { $p = 'folder not found' } else { $e = $null; $m = Get-ChildItem -LiteralPath $f -Recurse -File -Force -ErrorAction SilentlyContinue -ErrorVariable e | Measure-Object -Property Length -Sum; if ($e -and $e.Count -gt 0) { $p = 'cannot read all of it: ' + $e[0].Exception.Message } elseif ($null -eq $m.Sum) { $b = 0 } else { $b = [int64]$m.Sum } }; [pscustomobject][ordered]@{ Location = $x.Location; Path = $x.Path; FullPath = $f; Bytes = $b; Error = $p } }; ConvertTo-Json -InputObject @($s) | Out-File -LiteralPath (Join-Path $env:PA_OUT 'dbsize.json') -Encoding UTF8"
if errorlevel 1 (
  del "%OUT%\dbsize.json" 2>nul
  echo collect-pairaudit: cannot measure the database folders, so the bundle has no dbsize.json 1>&2
)
rem The firewall in any language (NetSecurity cmdlets, active store: local and Group Policy rules, as netsh shows them):
rem enums written with [string] (ConvertTo-Json of PowerShell 5.1 writes them as numbers); each filter kind read once
rem and joined to its rule on InstanceID, as Collect-PairAudit.ps1 does (a query per rule takes minutes).
%PSRUN% "$ErrorActionPreference='Stop'; $p = @{}; foreach ($f in @(Get-NetFirewallPortFilter -All -PolicyStore ActiveStore)) { $p[$f.InstanceID] = $f }; $a = @{}; foreach ($f in @(Get-NetFirewallApplicationFilter -All -PolicyStore ActiveStore)) { $a[$f.InstanceID] = $f }; $r = @(Get-NetFirewallRule -Direction Inbound -PolicyStore ActiveStore | ForEach-Object { $q = $p[$_.InstanceID]; $g = $a[$_.InstanceID]; [ordered]@{ Name = $_.Name; DisplayName = $_.DisplayName; Enabled = [string]$_.Enabled; Direction = [string]$_.Direction; Profile = [string]$_.Profile; Action = [string]$_.Action; Protocol = if ($null -ne $q) { [string]$q.Protocol } else { $null }; LocalPort = if ($null -ne $q) { @($q.LocalPort | ForEach-Object { [string]$_ }) } else { $null }; IcmpType = if ($null -ne $q) { @($q.IcmpType | ForEach-Object { [string]$_ }) } else { $null }; Program = if ($null -ne $g) { [string]$g.Program } else { $null } } }); $s = @(Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object { [ordered]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled; DefaultInboundAction = [string]$_.DefaultInboundAction; AllowInboundRules = [string]$_.AllowInboundRules } }); ConvertTo-Json -InputObject $r -Depth 4 | Out-File -LiteralPath (Join-Path $env:PA_OUT 'firewall.json') -Encoding UTF8; ConvertTo-Json -InputObject $s | Out-File -LiteralPath (Join-Path $env:PA_OUT 'firewall-profiles.json') -Encoding UTF8"
if errorlevel 1 (
  del "%OUT%\firewall.json" "%OUT%\firewall-profiles.json" 2>nul
  echo collect-pairaudit: no firewall.json: the NetSecurity cmdlets failed; pairaudit reads firewall.txt instead, in English only 1>&2
)
rem The server service (Win32_Service entries running DBServer.exe), Defender exclusions, install-folder file versions.
%PSRUN% "$ErrorActionPreference='Stop'; ConvertTo-Json -InputObject @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.PathName -like '*DBServer.exe*' } | Select-Object Name, DisplayName, PathName, StartMode, State, StartName) | Out-File -LiteralPath (Join-Path $env:PA_OUT 'services.json') -Encoding UTF8"
if errorlevel 1 del "%OUT%\services.json" 2>nul
%PSRUN% "try { $mp = Get-MpPreference -ErrorAction Stop; $d = [ordered]@{ ExclusionPath = @($mp.ExclusionPath); ExclusionProcess = @($mp.ExclusionProcess); ExclusionExtension = @($mp.ExclusionExtension) } } catch { $d = [ordered]@{ Error = 'Get-MpPreference: ' + $_.Exception.Message } }; $d | ConvertTo-Json | Out-File -LiteralPath (Join-Path $env:PA_OUT 'defender.json') -Encoding UTF8"
%PSRUN% "$v = if ([Environment]::Is64BitOperatingSystem) { 'Registry64' } else { 'Default' }; $h = [Microsoft.Win32.RegistryKey]::OpenBaseKey('LocalMachine', $v); $i = $null; foreach ($k in @(($env:PA_KEY -replace '^HKLM\\', ''), ($env:PA_MACHINEKEY -replace '^HKLM\\', ''))) { if (-not $i) { $s = $h.OpenSubKey($k); if ($s) { $i = $s.GetValue('InstallLocation') } } }; if ($i -and (Test-Path -LiteralPath $i -PathType Container)) { $f = @(Get-ChildItem -LiteralPath $i -File -Force | Where-Object { $_.Extension -eq '.exe' -or $_.Extension -eq '.dll' } | Select-Object Name, @{ n = 'FileVersion'; e = { $_.VersionInfo.FileVersion } }, @{ n = 'ProductVersion'; e = { $_.VersionInfo.ProductVersion } }, @{ n = 'Length'; e = { $_.Length } }, @{ n = 'LastWriteTimeUtc'; e = { $_.LastWriteTimeUtc.ToString('o') } }); [ordered]@{ Folder = $i; Files = $f } | ConvertTo-Json -Depth 3 | Out-File -LiteralPath (Join-Path $env:PA_OUT 'files.json') -Encoding UTF8 } else { [Console]::Error.WriteLine('collect-pairaudit: no files.json: the install folder named by InstallLocation was not found') }"

:manifest
> "%OUT%\bundle.json" (
  echo {
  echo   "pairauditBundle": 1,
  echo   "collector": { "name": "collect-pairaudit.cmd", "version": "2.3" },
  echo   "collectedAt": "%AT%",
  echo   "computerName": "%COMPUTERNAME%",
  echo   "instance": "%INSTANCE%",
  echo   "role": "%ROLE%",
  echo   "oemCodePage": "%OEMCP%",
  echo   "ansiCodePage": "%ACP%",
  echo   "registryKey": "%KEY:\=\\%"
  echo }
)

echo pairaudit bundle written to %OUT%
endlocal
exit /b 0

:badfolder
echo collect-pairaudit: %OUT% is a folder this script copies from; choose another output folder 1>&2
exit /b 2

:stale
echo collect-pairaudit: cannot delete %OUT%\%STALE% left by an earlier run; delete it or choose another output folder 1>&2
exit /b 2
