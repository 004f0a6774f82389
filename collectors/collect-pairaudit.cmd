@echo off
rem Collects one Geo SCADA (ClearSCADA) server's settings into a pairaudit bundle folder, with cmd tools only.
rem Usage: collect-pairaudit.cmd [output-folder] [instance] [role]
rem   output-folder  default: pairaudit-%COMPUTERNAME%
rem   instance       Geo SCADA named instance (reads ClearSCADA-<instance>); "" for the default instance
rem   role           main, standby-a, standby-b, permanent-a .. permanent-d (optional)
rem Writes ClearSCADA.reg (reg export; reg-query.txt if export fails), volumes.csv (wmic), hostname.txt,
rem ipconfig.txt and bundle.json. Run it from an elevated command prompt. See collectors\README.md.
setlocal EnableExtensions

set "OUT=%~1"
if "%OUT%"=="" set "OUT=pairaudit-%COMPUTERNAME%"
set "INSTANCE=%~2"
set "ROLE=%~3"
set "KEYNAME=ClearSCADA"
if not "%INSTANCE%"=="" set "KEYNAME=ClearSCADA-%INSTANCE%"

set "KEY=HKLM\SOFTWARE\Schneider Electric\%KEYNAME%"
reg query "%KEY%" >nul 2>&1 && goto :found
set "KEY=HKLM\SOFTWARE\WOW6432Node\Schneider Electric\%KEYNAME%"
reg query "%KEY%" >nul 2>&1 && goto :found
echo collect-pairaudit: registry key HKLM\SOFTWARE\Schneider Electric\%KEYNAME% not found. Is Geo SCADA installed here? For a named instance pass it as the second argument. 1>&2
exit /b 2

:found
if not exist "%OUT%\" mkdir "%OUT%"
if not exist "%OUT%\" (
  echo collect-pairaudit: cannot create the folder %OUT% 1>&2
  exit /b 2
)

rem WMI's local time, e.g. 20261120091722.456000+060 (offset in minutes); pairaudit reads this form.
set "AT="
for /f "skip=1 tokens=1" %%T in ('wmic os get LocalDateTime 2^>nul') do if not defined AT set "AT=%%T"

reg export "%KEY%" "%OUT%\ClearSCADA.reg" /y >nul 2>&1
if not errorlevel 1 goto :exported
if exist "%OUT%\ClearSCADA.reg" del "%OUT%\ClearSCADA.reg"
echo collect-pairaudit: reg export failed; writing reg query output instead 1>&2
reg query "%KEY%" /s > "%OUT%\reg-query.txt"
if errorlevel 1 (
  echo collect-pairaudit: cannot read %KEY%; run the script from an elevated command prompt 1>&2
  exit /b 2
)
:exported

rem wmic writes UTF-16LE; it is missing on Windows Server 2025 unless the WMIC feature is added.
wmic logicaldisk get Caption,FreeSpace,Size /format:csv > "%OUT%\volumes.csv" 2>nul
if errorlevel 1 (
  del "%OUT%\volumes.csv" 2>nul
  echo collect-pairaudit: wmic is not available, so the bundle has no volume listing; use Collect-PairAudit.ps1 instead 1>&2
)

hostname > "%OUT%\hostname.txt"
ipconfig /all > "%OUT%\ipconfig.txt"

> "%OUT%\bundle.json" (
  echo {
  echo   "pairauditBundle": 1,
  echo   "collector": { "name": "collect-pairaudit.cmd", "version": "1.0" },
  echo   "collectedAt": "%AT%",
  echo   "computerName": "%COMPUTERNAME%",
  echo   "instance": "%INSTANCE%",
  echo   "role": "%ROLE%",
  echo   "registryKey": "%KEY:\=\\%"
  echo }
)

echo pairaudit bundle written to %OUT%
endlocal
exit /b 0
