<#
.SYNOPSIS
  Collects one Geo SCADA (ClearSCADA) server's settings into a pairaudit bundle folder.

.DESCRIPTION
  Uses only what Windows PowerShell 5.1 on Windows Server brings: reg.exe export, CIM (Win32_Volume),
  hostname and ipconfig /all. Writes a folder that `pairaudit collect <folder>` reads:
    ClearSCADA.reg    reg export of HKLM\SOFTWARE\Schneider Electric\ClearSCADA[-<instance>] (UTF-16LE)
    ClearSCADA-machine.reg  for a named instance, the machine-wide ClearSCADA key too (driver registrations)
    uninstall.reg     reg export of HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall
    volumes.json      Win32_Volume: every volume with a drive letter or a folder mount point, with its size and free bytes
    hostname.txt      hostname
    ipconfig.txt      ipconfig /all
    ip-addresses.json Get-NetIPAddress: each address with its state (Preferred, Duplicate...) by name (any language)
    host-names.json   host name, primary DNS suffix, connection-specific suffixes, suffix search list (any language)
    hosts             a copy of %SystemRoot%\System32\drivers\etc\hosts
    environment.json  ProgramData, ProgramFiles, ProgramFiles(x86), SystemDrive, SystemRoot (database locations may use them)
    dbsize.json       the size in bytes of each database location folder (the Locations values of the key)
    Systems.xml       a copy of %ProgramData%\Schneider Electric\ClearSCADA\Systems.xml (client connections)
    firewall.txt      netsh advfirewall firewall show rule name=all dir=in verbose
    firewall-profiles.txt  netsh advfirewall show allprofiles
    firewall.json     Get-NetFirewallRule -Direction Inbound with each rule's port and application filter (any language)
    firewall-profiles.json  Get-NetFirewallProfile: Name, Enabled, DefaultInboundAction, AllowInboundRules
    w32tm-status.txt, w32tm-configuration.txt  w32tm /query /status, w32tm /query /configuration
    services.json     Win32_Service entries whose PathName runs DBServer.exe
    defender.json     Get-MpPreference ExclusionPath, ExclusionProcess, ExclusionExtension
    files.json        name, file version, size and time of each *.exe/*.dll directly in the install folder
    bundle.json       when, where and for which instance and role the bundle was collected, and the ANSI code page
  Before collecting, the files above (and reg-query.txt, volumes.csv of the cmd script) are deleted from the
  output folder if an earlier run left them there; no other file is touched.
  Nothing is sent anywhere; copy the folder to the machine that runs pairaudit. Run it as Administrator
  (reading HKLM and every database folder needs it on most servers). The export holds the server's
  settings, including driver passwords as Geo SCADA stores them (encrypted per machine): keep the folder
  as you keep the server's backups.
  Exit codes: 0 written (a part that could not be collected is reported on standard error and left out);
  2 the ClearSCADA key is missing or cannot be exported, or the folder cannot be created.

.PARAMETER OutputFolder
  Folder to write (created if missing). Default: pairaudit-<COMPUTERNAME>-<yyyyMMdd-HHmmss> in the current
  folder, or beside this script when the current folder is under the Windows folder (an elevated prompt
  starts in C:\Windows\System32).

.PARAMETER Instance
  Geo SCADA named instance (reads ClearSCADA-<Instance>). Default: the default instance.

.PARAMETER Role
  This server's role in its pair: main, standby-a, standby-b, permanent-a .. permanent-d (optional).

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File .\Collect-PairAudit.ps1 -Role main -OutputFolder D:\audit\main
#>
[CmdletBinding()]
param(
    [string]$OutputFolder = '',
    [string]$Instance = '',
    [ValidateSet('', 'main', 'standby-a', 'standby-b', 'permanent-a', 'permanent-b', 'permanent-c', 'permanent-d')]
    [string]$Role = ''
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$collectorVersion = '2.3'

# Write-Error under 'Stop' would end the script with exit code 1; these print one line and leave with 2.
function Stop-Collect([string]$Message) {
    [Console]::Error.WriteLine("Collect-PairAudit: $Message")
    exit 2
}
function Write-Problem([string]$Message) {
    [Console]::Error.WriteLine("Collect-PairAudit: $Message")
}

$isAdmin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
if (-not $isAdmin) {
    Write-Problem 'not running as Administrator: parts of the registry and some database folders may be unreadable; run PowerShell as Administrator'
}

if ($OutputFolder -eq '') {
    $here = (Get-Location).ProviderPath
    if ($here -like "$env:SystemRoot*") { $here = $PSScriptRoot }
    $OutputFolder = Join-Path $here ('pairaudit-{0}-{1}' -f $env:COMPUTERNAME, (Get-Date -Format 'yyyyMMdd-HHmmss'))
}
$keyName = if ($Instance -ne '') { "ClearSCADA-$Instance" } else { 'ClearSCADA' }

# A 32-bit PowerShell on 64-bit Windows sees the WOW6432Node view; read the 64-bit view explicitly.
$view = if ([Environment]::Is64BitOperatingSystem) { [Microsoft.Win32.RegistryView]::Registry64 } else { [Microsoft.Win32.RegistryView]::Default }
$hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, $view)
$regView = if ([Environment]::Is64BitOperatingSystem) { '/reg:64' } else { $null }
function Test-Key([string]$Path) {
    try { return $null -ne $hklm.OpenSubKey($Path) } catch { Stop-Collect "cannot read HKLM\${Path}: $($_.Exception.Message). Run PowerShell as Administrator." }
}
$keyPath = "SOFTWARE\Schneider Electric\$keyName"
if (-not (Test-Key $keyPath)) {
    $keyPath = "SOFTWARE\WOW6432Node\Schneider Electric\$keyName"
    if (-not (Test-Key $keyPath)) {
        Stop-Collect "registry key HKLM\SOFTWARE\Schneider Electric\$keyName not found. Is Geo SCADA installed here? For a named instance pass -Instance <name>."
    }
}
$key = "HKLM\$keyPath"

# Every file this script writes. A folder reused from an earlier run (as in the README's example) would keep
# that run's files, which pairaudit would read as current: they are deleted by name first, and nothing else is.
$bundleFiles = @('ClearSCADA.reg', 'ClearSCADA-machine.reg', 'uninstall.reg', 'volumes.json', 'hostname.txt', 'ipconfig.txt', 'ip-addresses.json', 'host-names.json', 'hosts', 'environment.json', 'dbsize.json',
    'Systems.xml', 'firewall.txt', 'firewall-profiles.txt', 'firewall.json', 'firewall-profiles.json', 'w32tm-status.txt', 'w32tm-configuration.txt', 'services.json', 'defender.json', 'files.json', 'bundle.json',
    'reg-query.txt', 'volumes.csv')
# Never a folder the script copies from (the hosts file's, or the one holding Systems.xml).
$outputFull = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder).TrimEnd('\')
foreach ($source in @((Join-Path $env:SystemRoot 'System32\drivers\etc'), (Join-Path $env:ProgramData 'Schneider Electric\ClearSCADA'))) {
    if ($outputFull -ieq $source) { Stop-Collect "$OutputFolder is a folder this script copies from; choose another -OutputFolder" }
}
try {
    New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
} catch {
    Stop-Collect "cannot create the folder ${OutputFolder}: $($_.Exception.Message)"
}
foreach ($name in $bundleFiles) {
    $stale = Join-Path $OutputFolder $name
    if (Test-Path -LiteralPath $stale -PathType Leaf) {
        try { Remove-Item -LiteralPath $stale -Force } catch { Stop-Collect "cannot delete $stale left by an earlier run: $($_.Exception.Message); delete it or choose another -OutputFolder" }
    }
}
foreach ($other in @(Get-ChildItem -LiteralPath $OutputFolder -Filter '*.reg' -File -Force)) {
    Write-Problem "$($other.Name) in $OutputFolder was not written by this script, but pairaudit applies every .reg of a bundle; remove it unless it belongs there"
}
$collectedAt = Get-Date -Format o
function Out-Bundle([string]$Name) { Join-Path $OutputFolder $Name }

# reg.exe writes the export as UTF-16LE with a byte-order mark, exactly what pairaudit expects.
$regArgs = @('export', $key, (Out-Bundle 'ClearSCADA.reg'), '/y')
if ($null -ne $regView) { $regArgs += $regView }
& reg.exe @regArgs | Out-Null
if ($LASTEXITCODE -ne 0) {
    Stop-Collect "reg export of $key failed (exit code $LASTEXITCODE). Run PowerShell as Administrator."
}
# A named instance's driver registrations live in the machine-wide ClearSCADA key: export it beside.
$machineKeyPath = ($keyPath -replace '\\[^\\]+$', '') + '\ClearSCADA'
if ($Instance -ne '' -and (Test-Key $machineKeyPath)) {
    $regArgs = @('export', "HKLM\$machineKeyPath", (Out-Bundle 'ClearSCADA-machine.reg'), '/y')
    if ($null -ne $regView) { $regArgs += $regView }
    & reg.exe @regArgs | Out-Null
    if ($LASTEXITCODE -ne 0) { Write-Problem "reg export of HKLM\$machineKeyPath failed (exit code $LASTEXITCODE)" }
}
# Windows' own record of the installed product (a documented layout): the tool picks the Geo SCADA entries.
$regArgs = @('export', 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall', (Out-Bundle 'uninstall.reg'), '/y')
if ($null -ne $regView) { $regArgs += $regView }
& reg.exe @regArgs | Out-Null
if ($LASTEXITCODE -ne 0) { Write-Problem "reg export of the Uninstall key failed (exit code $LASTEXITCODE)" }

# Volumes: Win32_Volume names folder mount points too; Win32_LogicalDisk (drive letters only) where CIM's
# Win32_Volume fails. Sizes stay numbers; a volume without media has null Capacity and is skipped by pairaudit.
try {
    $volumes = @(Get-CimInstance -ClassName Win32_Volume | Select-Object Name, Label, FileSystem, DriveType, Capacity, FreeSpace)
} catch {
    Write-Problem "Win32_Volume failed ($($_.Exception.Message)); listing drive letters with Win32_LogicalDisk"
    try {
        $volumes = @(Get-CimInstance -ClassName Win32_LogicalDisk | Select-Object DeviceID, VolumeName, FileSystem, DriveType, Size, FreeSpace)
    } catch {
        $volumes = $null
        Write-Problem "no volume listing: $($_.Exception.Message)"
    }
}
if ($null -ne $volumes) {
    ConvertTo-Json -InputObject $volumes | Out-File -FilePath (Out-Bundle 'volumes.json') -Encoding Unicode
}

hostname | Out-File -FilePath (Out-Bundle 'hostname.txt') -Encoding Unicode
ipconfig /all | Out-File -FilePath (Out-Bundle 'ipconfig.txt') -Encoding Unicode

# The addresses and names again, in any language (ipconfig's labels and the state after an address are localised):
# Get-NetIPAddress (NetTCPIP, Windows Server 2012 and later), every enum written with [string] because ConvertTo-Json
# of PowerShell 5.1 writes an enum as its number. The host name and primary DNS suffix come from the IP helper's
# network parameters, which ipconfig prints as "Host Name" and "Primary Dns Suffix"; not Win32_ComputerSystem, whose
# Domain is the workgroup's name on a server outside a domain, nor a DNS lookup, which tells what DNS answers.
try {
    $ipAddresses = @(Get-NetIPAddress | ForEach-Object {
            [ordered]@{
                IPAddress      = $_.IPAddress
                InterfaceAlias = $_.InterfaceAlias
                InterfaceIndex = $_.InterfaceIndex
                AddressFamily  = [string]$_.AddressFamily
                AddressState   = [string]$_.AddressState
                PrefixOrigin   = [string]$_.PrefixOrigin
                SuffixOrigin   = [string]$_.SuffixOrigin
                SkipAsSource   = $_.SkipAsSource
            }
        })
    ConvertTo-Json -InputObject $ipAddresses | Out-File -FilePath (Out-Bundle 'ip-addresses.json') -Encoding UTF8
} catch {
    Write-Problem "no ip-addresses.json: $($_.Exception.Message) (pairaudit reads the addresses from ipconfig.txt instead)"
}
try {
    $ipGlobal = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
    $hostNames = [ordered]@{
        HostName                   = $ipGlobal.HostName
        PrimaryDnsSuffix           = $ipGlobal.DomainName
        ConnectionSpecificSuffixes = @([System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() | ForEach-Object { $_.GetIPProperties().DnsSuffix } | Where-Object { $_ })
        SuffixSearchList           = @((Get-DnsClientGlobalSetting).SuffixSearchList | Where-Object { $_ })
    }
    ConvertTo-Json -InputObject $hostNames | Out-File -FilePath (Out-Bundle 'host-names.json') -Encoding UTF8
} catch {
    Write-Problem "no host-names.json: $($_.Exception.Message) (pairaudit reads the DNS suffixes from ipconfig.txt instead)"
}

$hostsFile = Join-Path $env:SystemRoot 'System32\drivers\etc\hosts'
try {
    Copy-Item -LiteralPath $hostsFile -Destination (Out-Bundle 'hosts')
} catch {
    Write-Problem "cannot copy ${hostsFile}: $($_.Exception.Message)"
}

# The machine's values as the (64-bit) server service sees them, also from a 32-bit PowerShell.
$programFiles = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }
$environment = [ordered]@{
    ProgramData         = $env:ProgramData
    ProgramFiles        = $programFiles
    'ProgramFiles(x86)' = ${env:ProgramFiles(x86)}
    SystemDrive         = $env:SystemDrive
    SystemRoot          = $env:SystemRoot
}
$environment | ConvertTo-Json | Out-File -FilePath (Out-Bundle 'environment.json') -Encoding UTF8

# Database location folders: the values of <key>\Locations as written (they may hold %VAR%), else the
# vendor's default folder. Bytes is null, with the reason, when a folder is missing or cannot be read whole.
function Expand-Location([string]$Path) {
    [regex]::Replace($Path, '%([^%]+)%', {
            param($m)
            $name = $m.Groups[1].Value
            if ($environment.Contains($name) -and $environment[$name]) { return $environment[$name] }
            $v = [Environment]::GetEnvironmentVariable($name)
            if ($v) { return $v } else { return $m.Value }
        })
}
$locations = New-Object System.Collections.Generic.List[object]
$locationsRead = $true
try {
    $locKey = $hklm.OpenSubKey("$keyPath\Locations")
    if ($null -ne $locKey) {
        foreach ($n in $locKey.GetValueNames()) {
            $raw = $locKey.GetValue($n, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
            if ($raw -is [string] -and $raw -ne '') { $locations.Add([pscustomobject]@{ Location = $n; Path = $raw }) }
        }
    }
} catch {
    Write-Problem "cannot read $key\Locations, so the bundle has no dbsize.json: $($_.Exception.Message)"
    $locationsRead = $false
}
if ($locationsRead -and $locations.Count -eq 0) {
    $locations.Add([pscustomobject]@{ Location = ''; Path = '%ProgramData%\Schneider Electric\ClearSCADA\Database' })
}
$sizes = foreach ($l in $locations) {
    $full = Expand-Location $l.Path
    $bytes = $null
    $problem = $null
    if (-not (Test-Path -LiteralPath $full -PathType Container)) {
        $problem = 'folder not found'
    } else {
        $errs = $null
        $sum = Get-ChildItem -LiteralPath $full -Recurse -File -Force -ErrorAction SilentlyContinue -ErrorVariable errs | Measure-Object -Property Length -Sum
        if ($errs -and $errs.Count -gt 0) { $problem = "cannot read all of it: $($errs[0].Exception.Message)" }
        elseif ($null -eq $sum.Sum) { $bytes = 0 }
        else { $bytes = [int64]$sum.Sum }
    }
    [pscustomobject][ordered]@{ Location = $l.Location; Path = $l.Path; FullPath = $full; Bytes = $bytes; Error = $problem }
}
if ($locationsRead) { ConvertTo-Json -InputObject @($sizes) | Out-File -FilePath (Out-Bundle 'dbsize.json') -Encoding UTF8 }

# Client connections (Systems.xml), as the Client Configuration applet saved them.
$systemsXml = Join-Path $env:ProgramData 'Schneider Electric\ClearSCADA\Systems.xml'
if (Test-Path -LiteralPath $systemsXml) {
    Copy-Item -LiteralPath $systemsXml -Destination (Out-Bundle 'Systems.xml')
} else {
    Write-Problem "no $systemsXml (no client connections are set up on this server)"
}

# Firewall, time: the tools' own text (localised labels; pairaudit reads English and says unknown otherwise; the
# firewall also as JSON below, which older pairaudit versions do not read).
netsh advfirewall firewall show rule name=all dir=in verbose | Out-File -FilePath (Out-Bundle 'firewall.txt') -Encoding Unicode
netsh advfirewall show allprofiles | Out-File -FilePath (Out-Bundle 'firewall-profiles.txt') -Encoding Unicode
w32tm /query /status | Out-File -FilePath (Out-Bundle 'w32tm-status.txt') -Encoding Unicode
w32tm /query /configuration | Out-File -FilePath (Out-Bundle 'w32tm-configuration.txt') -Encoding Unicode

# Firewall again, in any language: the NetSecurity cmdlets (Windows Server 2012 and later), read from the active store,
# the local and Group Policy rules together as netsh shows them (without -PolicyStore they read the local store only).
# Every enum is written with [string]: ConvertTo-Json of PowerShell 5.1 writes an enum as its number, and the names
# are the same in every language. Each filter kind is read once (-All) and joined to its rule on InstanceID: a query
# per rule (-AssociatedNetFirewallRule, as the pipeline does) takes minutes over the ~500 rules of a server.
try {
    $portFilters = @{}
    foreach ($f in @(Get-NetFirewallPortFilter -All -PolicyStore ActiveStore)) { $portFilters[$f.InstanceID] = $f }
    $appFilters = @{}
    foreach ($f in @(Get-NetFirewallApplicationFilter -All -PolicyStore ActiveStore)) { $appFilters[$f.InstanceID] = $f }
    $fwRules = @(Get-NetFirewallRule -Direction Inbound -PolicyStore ActiveStore | ForEach-Object {
            $port = $portFilters[$_.InstanceID]
            $app = $appFilters[$_.InstanceID]
            [ordered]@{
                Name        = $_.Name
                DisplayName = $_.DisplayName
                Enabled     = [string]$_.Enabled
                Direction   = [string]$_.Direction
                Profile     = [string]$_.Profile
                Action      = [string]$_.Action
                Protocol    = if ($null -ne $port) { [string]$port.Protocol } else { $null }
                LocalPort   = if ($null -ne $port) { @($port.LocalPort | ForEach-Object { [string]$_ }) } else { $null }
                IcmpType    = if ($null -ne $port) { @($port.IcmpType | ForEach-Object { [string]$_ }) } else { $null }
                Program     = if ($null -ne $app) { [string]$app.Program } else { $null }
            }
        })
    $fwProfiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object {
            [ordered]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled; DefaultInboundAction = [string]$_.DefaultInboundAction; AllowInboundRules = [string]$_.AllowInboundRules }
        })
    ConvertTo-Json -InputObject $fwRules -Depth 4 | Out-File -FilePath (Out-Bundle 'firewall.json') -Encoding UTF8
    ConvertTo-Json -InputObject $fwProfiles | Out-File -FilePath (Out-Bundle 'firewall-profiles.json') -Encoding UTF8
} catch {
    Write-Problem "no firewall.json: $($_.Exception.Message) (pairaudit reads firewall.txt instead, in English only)"
}

# The server service: every service whose command line runs DBServer.exe.
try {
    $services = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.PathName -like '*DBServer.exe*' } |
            Select-Object Name, DisplayName, PathName, StartMode, State, StartName)
    ConvertTo-Json -InputObject $services | Out-File -FilePath (Out-Bundle 'services.json') -Encoding UTF8
} catch {
    Write-Problem "no services.json: $($_.Exception.Message)"
}

# Windows Defender exclusions (a non-administrator sees a placeholder text instead; pairaudit says unknown).
try {
    $mp = Get-MpPreference
    $defender = [ordered]@{ ExclusionPath = @($mp.ExclusionPath); ExclusionProcess = @($mp.ExclusionProcess); ExclusionExtension = @($mp.ExclusionExtension) }
} catch {
    $defender = [ordered]@{ Error = "Get-MpPreference: $($_.Exception.Message)" }
}
$defender | ConvertTo-Json | Out-File -FilePath (Out-Bundle 'defender.json') -Encoding UTF8

# File versions of the programs in the install folder (DBServer.exe, Driver*.exe): InstallLocation of the key,
# else of the machine-wide key.
$install = $null
foreach ($k in @($keyPath, $machineKeyPath)) {
    if ($null -eq $install) {
        try { $sub = $hklm.OpenSubKey($k); if ($null -ne $sub) { $install = $sub.GetValue('InstallLocation') } } catch { }
    }
}
if ($install -and (Test-Path -LiteralPath $install -PathType Container)) {
    $files = @(Get-ChildItem -LiteralPath $install -File -Force | Where-Object { $_.Extension -eq '.exe' -or $_.Extension -eq '.dll' } |
            Select-Object Name, @{ n = 'FileVersion'; e = { $_.VersionInfo.FileVersion } }, @{ n = 'ProductVersion'; e = { $_.VersionInfo.ProductVersion } },
            @{ n = 'Length'; e = { $_.Length } }, @{ n = 'LastWriteTimeUtc'; e = { $_.LastWriteTimeUtc.ToString('o') } })
    [ordered]@{ Folder = $install; Files = $files } | ConvertTo-Json -Depth 3 | Out-File -FilePath (Out-Bundle 'files.json') -Encoding UTF8
} else {
    Write-Problem "no files.json: the install folder ($install) named by InstallLocation was not found"
}

# The machine's ANSI code page (the system locale's; 65001 with Windows' "Beta: Use Unicode UTF-8" option): the
# encoding of a .reg file saved without a byte-order mark (REGEDIT4, or re-saved as ANSI). A REG_SZ holding a number.
$ansiCodePage = $null
try {
    $acp = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Nls\CodePage' -Name 'ACP').ACP
    if ("$acp" -match '^\d+$') { $ansiCodePage = [int]"$acp" } else { Write-Problem "the ANSI code page (ACP) is not a number: $acp" }
} catch {
    Write-Problem "cannot read the ANSI code page (HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage, ACP): $($_.Exception.Message)"
}

$manifest = [ordered]@{
    pairauditBundle = 1
    collector       = [ordered]@{ name = 'Collect-PairAudit.ps1'; version = $collectorVersion }
    collectedAt     = $collectedAt
    computerName    = $env:COMPUTERNAME
    instance        = $Instance
    role            = $Role
    registryKey     = $key
    elevated        = $isAdmin
    ansiCodePage    = $ansiCodePage
}
$manifest | ConvertTo-Json | Out-File -FilePath (Out-Bundle 'bundle.json') -Encoding UTF8

Write-Output "pairaudit bundle written to $OutputFolder"
