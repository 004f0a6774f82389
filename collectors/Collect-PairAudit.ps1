<#
.SYNOPSIS
  Collects one Geo SCADA (ClearSCADA) server's settings into a pairaudit bundle folder.

.DESCRIPTION
  Uses only what Windows PowerShell 5.1 on Windows Server brings: reg.exe export, Get-Volume, hostname
  and ipconfig /all. Writes a folder that `pairaudit collect <folder>` reads:
    ClearSCADA.reg   reg export of HKLM\SOFTWARE\Schneider Electric\ClearSCADA[-<instance>] (UTF-16LE)
    volumes.json     Get-Volume | ConvertTo-Json (drive letter, size, free bytes)
    hostname.txt     hostname
    ipconfig.txt     ipconfig /all
    bundle.json      when, where and for which instance and role the bundle was collected
  Nothing is sent anywhere; copy the folder to the machine that runs pairaudit. Run it as Administrator
  (reading HKLM needs it on most servers). The export holds the server's settings, including driver
  passwords as Geo SCADA stores them (encrypted per machine): keep the folder as you keep the server's backups.

.PARAMETER OutputFolder
  Folder to write (created if missing). Default: .\pairaudit-<COMPUTERNAME>-<yyyyMMdd-HHmmss>

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

if ($OutputFolder -eq '') {
    $OutputFolder = Join-Path (Get-Location) ('pairaudit-{0}-{1}' -f $env:COMPUTERNAME, (Get-Date -Format 'yyyyMMdd-HHmmss'))
}
$keyName = if ($Instance -ne '') { "ClearSCADA-$Instance" } else { 'ClearSCADA' }
$key = "HKLM\SOFTWARE\Schneider Electric\$keyName"
if (-not (Test-Path -LiteralPath "Registry::$key")) {
    $wow = "HKLM\SOFTWARE\WOW6432Node\Schneider Electric\$keyName"
    if (Test-Path -LiteralPath "Registry::$wow") {
        $key = $wow
    } else {
        Write-Error "Registry key $key not found. Is Geo SCADA installed here? For a named instance pass -Instance <name>."
        exit 2
    }
}

New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
$collectedAt = Get-Date -Format o

# reg.exe writes the export as UTF-16LE with a byte-order mark, exactly what pairaudit expects.
& reg.exe export $key (Join-Path $OutputFolder 'ClearSCADA.reg') /y | Out-Null
if ($LASTEXITCODE -ne 0) {
    Write-Error "reg export of $key failed (exit code $LASTEXITCODE). Run PowerShell as Administrator."
    exit 2
}

# Drive letters, types and health as text, so the JSON does not depend on how PowerShell serialises enums and chars.
Get-Volume |
    Select-Object @{ n = 'DriveLetter'; e = { [string]$_.DriveLetter } }, FileSystemLabel, FileSystem,
        @{ n = 'DriveType'; e = { [string]$_.DriveType } }, @{ n = 'HealthStatus'; e = { [string]$_.HealthStatus } }, Size, SizeRemaining |
    ConvertTo-Json |
    Out-File -FilePath (Join-Path $OutputFolder 'volumes.json') -Encoding Unicode

hostname | Out-File -FilePath (Join-Path $OutputFolder 'hostname.txt') -Encoding Unicode
ipconfig /all | Out-File -FilePath (Join-Path $OutputFolder 'ipconfig.txt') -Encoding Unicode

$manifest = [ordered]@{
    pairauditBundle = 1
    collector       = [ordered]@{ name = 'Collect-PairAudit.ps1'; version = '1.0' }
    collectedAt     = $collectedAt
    computerName    = $env:COMPUTERNAME
    instance        = $Instance
    role            = $Role
    registryKey     = $key
}
$manifest | ConvertTo-Json | Out-File -FilePath (Join-Path $OutputFolder 'bundle.json') -Encoding UTF8

Write-Output "pairaudit bundle written to $OutputFolder"
